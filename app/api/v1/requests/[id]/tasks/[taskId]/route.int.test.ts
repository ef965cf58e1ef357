/**
 * GET /api/v1/requests/{id}/tasks/{taskId} (issue 10, ADR 0060 addendum "drawer"): the node
 * drawer's read of one task in full. Viewers may read it (like the trace); without credentials it
 * is refused; a missing request or a task of another request is 404, a malformed id 400 naming the
 * field. The page's summary (trace `summary=1`) leaves out what this route gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as taskRoute from '@/app/api/v1/requests/[id]/tasks/[taskId]/route';
import * as traceRoute from '@/app/api/v1/requests/[id]/trace/route';
import { getDb } from '@/lib/db/client';
import { createApiToken } from '@/lib/db/repositories/api-tokens';
import type { RequestSnapshot, RequestTrace, TraceTask } from '@/lib/engine/graph';
import { TraceTaskSchema } from '@/lib/schemas/trace';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import { registerAgent } from '@/lib/testing/execution';
import { seedLargeRequest, type LargeRequest } from '@/lib/testing/large-request';
import { startRouteServer, type RouteServer } from '@/lib/testing/route-server';

const db = createTestDb();
let server: RouteServer;
let viewerToken: string;
let first: LargeRequest;
let other: LargeRequest;

beforeAll(async () => {
  server = await startRouteServer({
    'GET /api/v1/requests/:id/tasks/:taskId': taskRoute.GET,
    'GET /api/v1/requests/:id/trace': traceRoute.GET,
  });
  viewerToken = (await createApiToken(db, { name: uniqueName('drawer'), role: 'viewer' })).token;
  const agent = await registerAgent(db, {
    capabilities: ['bench_step'],
    endpointUrl: 'http://127.0.0.1:9/tasks',
  });
  first = await seedLargeRequest(db, { tasks: 3, agent, running: 1 });
  other = await seedLargeRequest(db, { tasks: 2, agent });
});

afterAll(async () => {
  await server.close();
  await db.$disconnect();
  await getDb().$disconnect();
});

const get = (path: string, token = viewerToken) =>
  fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });

type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

describe('GET /api/v1/requests/{id}/tasks/{taskId}', () => {
  it('gives a viewer the task in full: input, output, routing and attempts with tokens', async () => {
    const res = await get(`/api/v1/requests/${first.id}/tasks/${first.taskIds[0]}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { data } = (await res.json()) as { data: TraceTask };
    expect(data).toMatchObject({
      id: first.taskIds[0],
      ref: first.refs[0],
      status: 'succeeded',
      input: { text: 'step 1' },
      output: 'result 1',
      outputPreview: 'result 1',
      routing: { candidates: [], excluded: [] },
    });
    expect(data.attempts).toHaveLength(1);
    expect(data.attempts[0]).toMatchObject({ number: 1, status: 'succeeded', tokensIn: 12 });
    // Every field sent is documented in the OpenAPI schema of the answer, and valid.
    expect(TraceTaskSchema.safeParse(data).error?.issues ?? []).toEqual([]);
    expect(Object.keys(data).sort()).toEqual(Object.keys(TraceTaskSchema.shape).sort());
    expect(Object.keys(data.attempts[0]!).sort()).toEqual(
      Object.keys(TraceTaskSchema.shape.attempts.element.shape).sort(),
    );
  });

  it('answers what the trace export carries for the same task', async () => {
    const trace = (await (await get(`/api/v1/requests/${first.id}/trace?format=json`)).json()) as {
      data: RequestTrace;
    };
    const running = first.runningTaskIds[0]!;
    const res = await get(`/api/v1/requests/${first.id}/tasks/${running}`);
    const { data } = (await res.json()) as { data: TraceTask };
    expect(data).toEqual(trace.data.tasks.find((task) => task.id === running));
    expect(data.status).toBe('running');
  });

  it('refuses a caller whose token is not valid', async () => {
    // (Without any credentials the route reads the session cookie, which needs Next's request
    // context; the e2e access spec covers that path for every API route.)
    const res = await get(`/api/v1/requests/${first.id}/tasks/${first.taskIds[0]}`, 'nope');
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorBody).error.code).toBe('UNAUTHENTICATED');
  });

  it('answers 404 for a missing request, a missing task, and a task of another request', async () => {
    const missingRequest = await get(
      `/api/v1/requests/0193f0a0-0000-7000-8000-00000000dead/tasks/${first.taskIds[0]}`,
    );
    expect(missingRequest.status).toBe(404);
    expect(((await missingRequest.json()) as ErrorBody).error.message).toBe(
      'There is no request with this id.',
    );
    const missingTask = await get(
      `/api/v1/requests/${first.id}/tasks/0193f0a0-0000-7000-8000-00000000beef`,
    );
    expect(missingTask.status).toBe(404);
    expect(((await missingTask.json()) as ErrorBody).error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'This request has no task with this id.',
    });
    const elsewhere = await get(`/api/v1/requests/${first.id}/tasks/${other.taskIds[0]}`);
    expect(elsewhere.status).toBe(404);
  });

  it('answers 400 naming the malformed id', async () => {
    const badTask = await get(`/api/v1/requests/${first.id}/tasks/not-a-uuid`);
    expect(badTask.status).toBe(400);
    expect(((await badTask.json()) as ErrorBody).error.fields).toEqual({
      taskId: 'The task id must be a UUID.',
    });
    const badRequest = await get(`/api/v1/requests/nope/tasks/${first.taskIds[0]}`);
    expect(badRequest.status).toBe(400);
    expect(((await badRequest.json()) as ErrorBody).error.fields).toEqual({
      id: 'The request id must be a UUID.',
    });
  });
});

describe('GET /api/v1/requests/{id}/trace?format=json&summary=1', () => {
  it('sends the summaries the page reads: no input, output or routing, attempts without tokens', async () => {
    const res = await get(`/api/v1/requests/${first.id}/trace?format=json&summary=1`);
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: RequestSnapshot };
    expect(data.tasks).toHaveLength(3);
    for (const task of data.tasks) {
      expect(task).not.toHaveProperty('input');
      expect(task).not.toHaveProperty('output');
      expect(task).not.toHaveProperty('routing');
      for (const attempt of task.attempts) expect(attempt).not.toHaveProperty('tokensIn');
    }
    expect(data.tasks[0]!.outputPreview).toBe('result 1');
    const bad = await get(`/api/v1/requests/${first.id}/trace?format=json&summary=2`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.fields).toHaveProperty('summary');
  });
});
