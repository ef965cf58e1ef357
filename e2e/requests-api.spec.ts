/**
 * Requests over the REST API and over A2A, against the real server with its in-process worker:
 * submission with an Idempotency-Key, the detail, the live event stream, clear errors, and Baton's
 * own agent card + SendMessage through the official A2A SDK client.
 */
import { ClientFactory, ClientFactoryOptions, JsonRpcTransportFactory } from '@a2a-js/sdk/client';
import { Role, TaskState, type Task } from '@a2a-js/sdk';
import { expect, test } from './support/fixtures';

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

test('a request submitted over REST runs to its result, and a retry with the same key is the same request', async ({
  request,
  createToken,
}) => {
  const token = await createToken('operator');
  const key = `e2e-${Date.now()}`;
  const body = { input: "Calculate 15 * 7 and count the words in 'Hello world'" };
  const first = await request.post('/api/v1/requests', {
    data: body,
    headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': key },
  });
  expect(first.status()).toBe(202);
  const { data: created } = (await first.json()) as { data: { id: string } };
  expect(first.headers()['location']).toBe(`/api/v1/requests/${created.id}`);

  const again = await request.post('/api/v1/requests', {
    data: body,
    headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': key },
  });
  expect(again.status()).toBe(200);
  expect(((await again.json()) as { data: { id: string } }).data.id).toBe(created.id);

  let detail: {
    status: string;
    result: { text: string } | null;
    tasks: { status: string; output: unknown }[];
  };
  await expect
    .poll(
      async () => {
        const response = await request.get(`/api/v1/requests/${created.id}`, bearer(token));
        detail = ((await response.json()) as { data: typeof detail }).data;
        return detail.status;
      },
      { timeout: 30_000 },
    )
    .toBe('succeeded');
  expect(detail!.tasks.map((t) => t.status)).toEqual(['succeeded', 'succeeded']);
  expect(detail!.result!.text).toContain('105');

  // The event log as Server-Sent Events: complete once the request finished, so the stream ends.
  const events = await request.get(`/api/v1/requests/${created.id}/events`, bearer(token));
  expect(events.headers()['content-type']).toContain('text/event-stream');
  const text = await events.text();
  for (const type of [
    'request.submitted',
    'request.planned',
    'task.ready',
    'attempt.started',
    'task.succeeded',
    'request.succeeded',
  ]) {
    expect(text).toContain(`event: ${type}`);
  }
  const lastId = [...text.matchAll(/^id: (\d+)$/gm)].at(-1)![1];
  const resumed = await request.get(`/api/v1/requests/${created.id}/events`, {
    headers: { Authorization: `Bearer ${token}`, 'Last-Event-ID': lastId! },
  });
  expect(await resumed.text()).not.toContain('event: ');

  // Cancelling a finished request is a conflict, and changes nothing.
  const cancel = await request.post(`/api/v1/requests/${created.id}/cancel`, bearer(token));
  expect(cancel.status()).toBe(409);
});

test('bad submissions get an error naming the field, and nothing is created', async ({
  request,
  createToken,
  db,
}) => {
  const token = await createToken('operator');
  const before = await db.request.count();
  const cases: [unknown, string][] = [
    [{}, 'input'],
    [{ input: 'x', workflow: { tasks: [{ ref: 'a', capability: 'calculate' }] } }, 'workflow'],
    [{ input: 'Calculate 1 + 1', strategy: 'fastest-ish' }, 'strategy'],
    [
      { workflow: { tasks: [{ ref: 'Bad Ref!', capability: 'calculate' }] } },
      'workflow.tasks.0.ref',
    ],
    [{ input: 'Calculate 1 + 1', budgetMicros: -5 }, 'budgetMicros'],
  ];
  for (const [data, field] of cases) {
    const response = await request.post('/api/v1/requests', { data, ...bearer(token) });
    expect(response.status(), JSON.stringify(data)).toBe(400);
    const { error } = (await response.json()) as {
      error: { code: string; fields: Record<string, string> };
    };
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(error.fields), JSON.stringify(error)).toContain(field);
  }
  const malformed = await request.post('/api/v1/requests', {
    data: '{not json',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
  });
  expect(malformed.status()).toBe(400);
  expect(await db.request.count()).toBe(before);

  const viewer = await createToken('viewer');
  expect(
    (
      await request.post('/api/v1/requests', {
        data: { input: 'Calculate 1 + 1' },
        ...bearer(viewer),
      })
    ).status(),
  ).toBe(403);
  expect((await request.get('/api/v1/requests/not-a-uuid', bearer(viewer))).status()).toBe(400);
  expect(
    (await request.get(`/api/v1/requests/${crypto.randomUUID()}`, bearer(viewer))).status(),
  ).toBe(404);
});

test('Baton publishes its agent card and runs an A2A SendMessage as a request', async ({
  request,
  createToken,
  db,
  baseURL,
}) => {
  const anonymous = await request.get('/.well-known/agent-card.json');
  expect(anonymous.status()).toBe(200);
  const card = (await anonymous.json()) as {
    name: string;
    supportedInterfaces: { url: string }[];
    skills: { id: string }[];
  };
  expect(card.name).toBe('Baton');
  expect(card.skills.map((s) => s.id)).toEqual(['orchestrate']);
  expect(card.supportedInterfaces[0]!.url).toMatch(/\/api\/a2a$/);

  const token = await createToken('operator');
  const base = new URL(baseURL!).origin;
  const factory = new ClientFactory(
    ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
      transports: [
        new JsonRpcTransportFactory({
          fetchImpl: ((input: string | URL, init?: RequestInit) => {
            // The card names the configured public URL; talk to this test server instead.
            const url = new URL(String(input));
            const headers = new Headers(init?.headers);
            headers.set('Authorization', `Bearer ${token}`);
            return fetch(`${base}${url.pathname}`, { ...init, headers });
          }) as typeof fetch,
        }),
      ],
    }),
  );
  const client = await factory.createFromUrl(base);
  const messageId = crypto.randomUUID();
  const result = await client.sendMessage({
    tenant: '',
    message: {
      messageId,
      contextId: '',
      taskId: '',
      role: Role.ROLE_USER,
      parts: [
        {
          content: { $case: 'text', value: 'Calculate 25 * 4 and format the result as JSON' },
          metadata: undefined,
          filename: '',
          mediaType: 'text/plain',
        },
      ],
      metadata: undefined,
      extensions: [],
      referenceTaskIds: [],
    },
    configuration: undefined,
    metadata: undefined,
  });
  const task = result as Task;
  expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
  const text = task.artifacts
    .flatMap((a) => a.parts)
    .map((p) => (p.content?.$case === 'text' ? p.content.value : ''))
    .join('');
  expect(text).toContain('100');
  const requestId = (task.metadata as { batonRequestId?: string } | undefined)?.batonRequestId;
  expect(requestId).toBeTruthy();
  const stored = await db.request.findUniqueOrThrow({ where: { id: requestId! } });
  expect(stored.status).toBe('succeeded');
  expect(stored.submittedBy).toMatch(/^token:/);
});
