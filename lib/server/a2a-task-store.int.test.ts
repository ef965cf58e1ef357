/**
 * Durable A2A task state (ADR 0053): Baton's orchestrator and builtin agents served by two
 * independent server instances — each with its own Prisma client, task store, request handler and
 * HTTP server on loopback, as two Baton processes would be — sharing only the database, and called
 * with the official SDK client. Plus the store's own rules (scoping, terminal is final, ListTasks
 * pages) and the retention sweep.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AgentCard, Role, TaskState, type Task } from '@a2a-js/sdk';
import { ClientFactory, type Client } from '@a2a-js/sdk/client';
import { ServerCallContext, type User } from '@a2a-js/sdk/server';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  agentMessage,
  createBuiltinA2AServer,
  serveA2AJsonRpc,
  type A2AServer,
} from '@/lib/agents/builtin/a2a-server';
import type { PrismaClient } from '@/lib/db/prisma';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import { registerAgent } from '@/lib/testing/execution';
import { createOrchestratorA2AServer } from './a2a-orchestrator';
import { PrismaTaskStore, startA2ATaskRetention, sweepA2ATasks } from './a2a-task-store';

const CALLER = 'token:a2a-store-test';
const dbs: PrismaClient[] = [];
const servers: Server[] = [];

afterAll(async () => {
  // Executors still following a request poll the database every 250 ms: let them notice the end.
  await new Promise((resolve) => setTimeout(resolve, 600));
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await Promise.all(dbs.map((db) => db.$disconnect()));
});

/** A fresh Prisma client: one per simulated process. */
function processDb(): PrismaClient {
  const db = createTestDb();
  dbs.push(db);
  return db;
}

/**
 * One "Baton process" serving `make(publicUrl)` over HTTP: the card at
 * `…/.well-known/agent-card.json`, JSON-RPC on POST, the caller fixed (the route authenticates).
 */
async function serve(make: (publicUrl: string) => A2AServer): Promise<string> {
  const instance: { a2a?: A2AServer; base: string } = { base: '' };
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const url = new URL(incoming.url ?? '/', instance.base);
      let response: Response;
      if (incoming.method === 'GET' && url.pathname.endsWith('/.well-known/agent-card.json')) {
        response = Response.json(AgentCard.toJSON(instance.a2a!.card));
      } else {
        const chunks: Buffer[] = [];
        for await (const chunk of incoming) chunks.push(chunk as Buffer);
        const headers = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) {
          if (typeof value === 'string') headers.set(name, value);
        }
        response = await serveA2AJsonRpc(
          instance.a2a!,
          new Request(url, { method: 'POST', headers, body: Buffer.concat(chunks) }),
          { caller: CALLER, label: 'test' },
        );
      }
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      if (response.body) for await (const chunk of response.body) outgoing.write(chunk);
      outgoing.end();
    })().catch((error: unknown) => outgoing.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  instance.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  instance.a2a = make(instance.base);
  return instance.base;
}

function userMessage(text: string, data?: unknown) {
  return {
    tenant: '',
    message: {
      messageId: crypto.randomUUID(),
      contextId: '',
      taskId: '',
      role: Role.ROLE_USER,
      parts: [
        {
          content: { $case: 'text' as const, value: text },
          metadata: undefined,
          filename: '',
          mediaType: 'text/plain',
        },
        ...(data === undefined
          ? []
          : [
              {
                content: { $case: 'data' as const, value: data },
                metadata: undefined,
                filename: '',
                mediaType: 'application/json',
              },
            ]),
      ],
      metadata: undefined,
      extensions: [],
      referenceTaskIds: [],
    },
    configuration: undefined,
    metadata: undefined,
  };
}

const getTask = (client: Client, id: string) =>
  client.getTask({ tenant: '', id, historyLength: undefined });

/** The SDK's call context for `caller`, for using a store directly. */
function contextOf(caller: string): ServerCallContext {
  const user: User = { isAuthenticated: true, userName: caller };
  return new ServerCallContext({ user });
}

function taskFixture(id: string, state: TaskState, at: string, metadata?: object): Task {
  return {
    id,
    contextId: 'ctx',
    status: { state, message: agentMessage(`now ${state}`, id, 'ctx'), timestamp: at },
    artifacts: [],
    history: [],
    metadata: metadata as Task['metadata'],
  };
}

describe("Baton's orchestrator over A2A, across two processes", () => {
  it('a task submitted to one process is read and cancelled through another', async () => {
    const dbA = processDb();
    const dbB = processDb();
    const first = await serve((url) => createOrchestratorA2AServer(url, () => dbA));
    const second = await serve((url) => createOrchestratorA2AServer(url, () => dbB));
    const clientA = await new ClientFactory().createFromUrl(first);
    const clientB = await new ClientFactory().createFromUrl(second);

    // A plannable workflow, but no worker runs here: the request stays open, and so does the task.
    const capability = uniqueName('durable');
    await registerAgent(dbA, {
      endpointUrl: 'http://127.0.0.1:9/never',
      capabilities: [capability],
    });
    let taskId = '';
    for await (const event of clientA.sendMessageStream(
      userMessage('Run the durable workflow', {
        workflow: { tasks: [{ ref: 'durable', capability, input: 'durable tasks' }] },
      }),
    )) {
      if (event.payload?.$case === 'task') {
        taskId = event.payload.value.id;
        break;
      }
    }
    expect(taskId).not.toBe('');

    const seen = await getTask(clientB, taskId);
    expect([TaskState.TASK_STATE_SUBMITTED, TaskState.TASK_STATE_WORKING]).toContain(
      seen.status?.state,
    );
    const requestId = (seen.metadata as { batonRequestId?: string }).batonRequestId!;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen.history[0]?.parts[0]?.content).toEqual({
      $case: 'text',
      value: 'Run the durable workflow',
    });

    const cancelled = await clientB.cancelTask({ tenant: '', id: taskId, metadata: undefined });
    expect(cancelled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    // The cancel reached the request itself, not only the A2A record.
    const request = await dbB.request.findUniqueOrThrow({
      where: { id: requestId },
      select: { status: true },
    });
    expect(request.status).toBe('cancelled');
    // The process that ran it sees the cancel too, and it stays cancelled.
    expect((await getTask(clientA, taskId)).status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    await new Promise((resolve) => setTimeout(resolve, 600)); // A's executor polls once more
    expect((await getTask(clientA, taskId)).status?.state).toBe(TaskState.TASK_STATE_CANCELED);
  });

  it('a task whose process is gone reports how its request ended', async () => {
    const db = processDb();
    const request = await db.request.create({
      data: {
        input: 'Calculate 6 * 7',
        submittedBy: CALLER,
        status: 'succeeded',
        result: { text: '6 * 7 = 42' },
        finishedAt: new Date(),
      },
      select: { id: true },
    });
    // What a process that died mid-request left behind: the task still WORKING.
    const store = new PrismaTaskStore(() => db, 'orchestrator');
    const id = crypto.randomUUID();
    await store.save(
      taskFixture(id, TaskState.TASK_STATE_WORKING, new Date().toISOString(), {
        batonRequestId: request.id,
      }),
      contextOf(CALLER),
    );

    const dbAfterRestart = processDb();
    const restarted = await serve((url) => createOrchestratorA2AServer(url, () => dbAfterRestart));
    const client = await new ClientFactory().createFromUrl(restarted);
    const task = await getTask(client, id);
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(task.artifacts[0]?.parts[0]?.content).toEqual({ $case: 'text', value: '6 * 7 = 42' });
    await expect(client.cancelTask({ tenant: '', id, metadata: undefined })).rejects.toThrow(
      /not cancelable/i,
    );
  });
});

describe('builtin agents over A2A, across two processes', () => {
  it('GetTask and ListTasks through a fresh process return the task another one ran', async () => {
    const dbA = processDb();
    const dbB = processDb();
    const make = (db: PrismaClient) => (url: string) =>
      createBuiltinA2AServer(
        `calculator`,
        url,
        new PrismaTaskStore(() => db, 'builtin:calculator'),
      );
    const first = await serve(make(dbA));
    const second = await serve(make(dbB));
    const clientA = await new ClientFactory().createFromUrl(`${first}/api/a2a/builtin/calculator`);
    const clientB = await new ClientFactory().createFromUrl(`${second}/api/a2a/builtin/calculator`);

    const ran: Task[] = [];
    for (const expression of ['1 + 1', '2 * 3', '10 / 4']) {
      ran.push((await clientA.sendMessage(userMessage(`Calculate ${expression}`))) as Task);
    }
    const fetched = await getTask(clientB, ran[1]!.id);
    expect(fetched.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(fetched.artifacts[0]?.parts.map((part) => part.content)).toEqual([
      { $case: 'text', value: '2 * 3 = 6' },
      { $case: 'data', value: 6 },
    ]);
    // Finished elsewhere: not cancelable from here either.
    await expect(
      clientB.cancelTask({ tenant: '', id: ran[1]!.id, metadata: undefined }),
    ).rejects.toThrow(/not cancelable/i);

    // Newest first, two to a page, the token leading to the rest.
    const listed: string[] = [];
    let pageToken = '';
    do {
      const page = await clientB.listTasks({
        tenant: '',
        contextId: '',
        status: TaskState.TASK_STATE_UNSPECIFIED,
        pageSize: 2,
        pageToken,
        historyLength: undefined,
        statusTimestampAfter: undefined,
        includeArtifacts: false,
      });
      expect(page.tasks.length).toBeLessThanOrEqual(2);
      listed.push(...page.tasks.map((task) => task.id));
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(listed.filter((id) => ran.some((task) => task.id === id))).toEqual(
      ran.map((task) => task.id).reverse(),
    );
  });
});

describe('PrismaTaskStore', () => {
  it('keeps callers apart and a terminal task final', async () => {
    const db = processDb();
    const store = new PrismaTaskStore(() => db, 'builtin:calculator');
    const id = crypto.randomUUID();
    const at = new Date().toISOString();
    await store.save(taskFixture(id, TaskState.TASK_STATE_WORKING, at), contextOf('token:alice'));
    expect(await store.load(id, contextOf('token:bob'))).toBeUndefined();
    expect(
      await new PrismaTaskStore(() => db, 'orchestrator').load(id, contextOf('token:alice')),
    ).toBeUndefined();

    await store.save(taskFixture(id, TaskState.TASK_STATE_CANCELED, at), contextOf('token:alice'));
    // A late save from a process that did not hear of the cancel changes nothing.
    await store.save(taskFixture(id, TaskState.TASK_STATE_WORKING, at), contextOf('token:alice'));
    expect((await store.load(id, contextOf('token:alice')))?.status?.state).toBe(
      TaskState.TASK_STATE_CANCELED,
    );
  });

  it('refuses a page token it did not issue', async () => {
    const db = processDb();
    const store = new PrismaTaskStore(() => db, 'builtin:calculator');
    await expect(
      store.list(
        {
          tenant: '',
          contextId: '',
          status: TaskState.TASK_STATE_UNSPECIFIED,
          pageSize: 10,
          pageToken: 'bm90LWEtdG9rZW4',
          historyLength: undefined,
          statusTimestampAfter: undefined,
          includeArtifacts: false,
        },
        contextOf('token:alice'),
      ),
    ).rejects.toThrow(/pageToken/);
  });
});

describe('A2A task retention', () => {
  it('deletes tasks not written within the retention, periodically, and keeps the rest', async () => {
    const db = processDb();
    const store = new PrismaTaskStore(() => db, 'builtin:text-tools');
    const context = contextOf('token:retention');
    const [old, older, fresh] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const at = new Date().toISOString();
    for (const id of [old, older, fresh]) {
      await store.save(taskFixture(id, TaskState.TASK_STATE_COMPLETED, at), context);
    }
    const now = new Date('2031-01-10T12:00:00Z');
    const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
    await db.a2aTask.update({
      where: {
        endpoint_tenant_owner_id: {
          endpoint: 'builtin:text-tools',
          tenant: '',
          owner: 'token:retention',
          id: old,
        },
      },
      data: { updatedAt: daysAgo(8) },
    });
    await db.a2aTask.update({
      where: {
        endpoint_tenant_owner_id: {
          endpoint: 'builtin:text-tools',
          tenant: '',
          owner: 'token:retention',
          id: older,
        },
      },
      data: { updatedAt: daysAgo(30) },
    });
    await db.a2aTask.update({
      where: {
        endpoint_tenant_owner_id: {
          endpoint: 'builtin:text-tools',
          tenant: '',
          owner: 'token:retention',
          id: fresh,
        },
      },
      data: { updatedAt: daysAgo(6) },
    });

    expect(await sweepA2ATasks(db, { now, retentionDays: 10 })).toBeGreaterThanOrEqual(1);
    expect(await store.load(older, context)).toBeUndefined();
    expect(await store.load(old, context)).toBeDefined();

    // The periodic sweep, with a 7-day retention: the 8-day-old task goes, the 6-day-old stays.
    const stop = startA2ATaskRetention(db, { retentionDays: 7, intervalMs: 50, now: () => now });
    try {
      await vi.waitFor(async () => expect(await store.load(old, context)).toBeUndefined());
    } finally {
      await stop();
    }
    expect((await store.load(fresh, context))?.id).toBe(fresh);
  });
});
