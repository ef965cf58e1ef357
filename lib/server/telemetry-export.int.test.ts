/**
 * OpenTelemetry export end to end: real PostgreSQL, a real worker calling OpenAI-compatible agents
 * over loopback HTTP, and an in-process OTLP/HTTP receiver that the official exporter sends to. A
 * two-task request exports one trace — the request span and two attempt spans with their GenAI
 * attributes — and the agents received the attempts' `traceparent`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '@/lib/testing/db';
import {
  registerAgent,
  startChatServer,
  startWebhookAgent,
  waitForRequest,
  type TestChatServer,
  type TestWebhookAgent,
} from '@/lib/testing/execution';
import { submitRequest } from './execution/submit';
import { startWorker, type WorkerHandle } from './execution/worker';
import { attemptSpanIdOf, requestSpanIdOf, telemetryConfig, traceIdOf } from './telemetry';
import { createTraceExporter, exportFinishedRequests } from './telemetry-export';

interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  doubleValue?: number;
  boolValue?: boolean;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: OtlpValue }[];
  status: { code?: number; message?: string };
  events?: { name: string }[];
}

const db = createTestDb();
const received: { resource: Record<string, unknown>; spans: OtlpSpan[] }[] = [];
/** Status the receiver answers with (400 simulates a collector refusing the batch). */
let receiverStatus = 200;
let receiver: Server;
let chat: TestChatServer;
let failing: TestWebhookAgent;
let worker: WorkerHandle;
const savedEndpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;

const valueOf = (value: OtlpValue) =>
  value.stringValue ??
  (value.intValue === undefined ? undefined : Number(value.intValue)) ??
  value.doubleValue ??
  value.boolValue;
const attributesOf = (span: OtlpSpan) =>
  Object.fromEntries(span.attributes.map(({ key, value }) => [key, valueOf(value)]));
const spansOf = (traceId: string) =>
  received.flatMap((batch) => batch.spans).filter((span) => span.traceId === traceId);

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url !== '/v1/traces') return response.writeHead(404).end();
      if (receiverStatus !== 200) return response.writeHead(receiverStatus).end('{}');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: {
          resource: { attributes: { key: string; value: OtlpValue }[] };
          scopeSpans: { spans: OtlpSpan[] }[];
        }[];
      };
      for (const resourceSpans of body.resourceSpans) {
        received.push({
          resource: Object.fromEntries(
            resourceSpans.resource.attributes.map(({ key, value }) => [key, valueOf(value)]),
          ),
          spans: resourceSpans.scopeSpans.flatMap((scope) => scope.spans),
        });
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  chat = await startChatServer((body) => `done by ${body.model}`, {
    prompt_tokens: 120,
    completion_tokens: 30,
  });
  failing = await startWebhookAgent(() => ({ status: 500, body: { error: 'db down' } }));
  await registerAgent(db, {
    kind: 'openai',
    endpointUrl: chat.url,
    config: { model: 'draft-model' },
    capabilities: ['otel_draft'],
  });
  await registerAgent(db, {
    kind: 'openai',
    endpointUrl: chat.url,
    config: { model: 'polish-model' },
    capabilities: ['otel_polish'],
  });
  await registerAgent(db, { endpointUrl: failing.url, capabilities: ['otel_broken'] });
  worker = await startWorker({
    db,
    connectionString: process.env.DATABASE_URL!,
    concurrency: 2,
    pollIntervalMs: 100,
  });
});

afterAll(async () => {
  if (savedEndpoint === undefined) delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  else process.env.OTEL_EXPORTER_OTLP_ENDPOINT = savedEndpoint;
  await worker?.stop(1_000);
  await Promise.all([chat?.stop(), failing?.stop()]);
  receiver?.closeAllConnections();
  await new Promise((resolve) => receiver?.close(resolve));
  await db.$disconnect();
});

describe('OpenTelemetry trace export', () => {
  it('exports a two-task request as one trace: the request span and two attempt spans', async () => {
    const config = telemetryConfig()!;
    expect(config.tracesUrl).toBe(`${process.env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`);
    const { id } = await submitRequest(
      db,
      {
        workflow: {
          tasks: [
            { ref: 'draft', capability: 'otel_draft', input: 'write' },
            { ref: 'polish', capability: 'otel_polish', input: 'polish', dependsOn: ['draft'] },
          ],
        },
      },
      { userId: null, label: 'test' },
    );
    const request = await waitForRequest(db, id);
    expect(request.status, request.error ?? '').toBe('succeeded');

    const exporter = createTraceExporter(config);
    expect(await exportFinishedRequests(db, exporter, config)).toBeGreaterThanOrEqual(1);
    const traceId = traceIdOf(id);
    const spans = spansOf(traceId);
    expect(spans).toHaveLength(3);
    expect(received.at(-1)!.resource['service.name']).toBe('baton');

    const root = spans.find((span) => span.spanId === requestSpanIdOf(id))!;
    expect(root.name).toBe('baton.request');
    expect(root.parentSpanId ?? '').toBe('');
    expect(attributesOf(root)).toMatchObject({
      'baton.request.id': id,
      'baton.request.status': 'succeeded',
    });

    const attempts = await db.taskAttempt.findMany({
      where: { task: { requestId: id } },
      include: { task: true, agent: true },
      orderBy: { startedAt: 'asc' },
    });
    expect(attempts).toHaveLength(2);
    for (const attempt of attempts) {
      const span = spans.find((s) => s.spanId === attemptSpanIdOf(attempt.id))!;
      expect(span, `span of ${attempt.task.ref}`).toBeDefined();
      expect(span.parentSpanId).toBe(root.spanId);
      expect(span.name).toBe(`chat ${attempt.agent!.name}`);
      expect(attributesOf(span)).toMatchObject({
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': attempt.task.ref === 'draft' ? 'draft-model' : 'polish-model',
        'gen_ai.usage.input_tokens': 120,
        'gen_ai.usage.output_tokens': 30,
        'gen_ai.agent.id': attempt.agentId,
        'gen_ai.agent.name': attempt.agent!.name,
        'baton.task.ref': attempt.task.ref,
      });
    }
    // Each agent call carried its attempt's trace context.
    expect(chat.traceparents.slice(-2)).toEqual(
      attempts.map((attempt) => `00-${traceId}-${attemptSpanIdOf(attempt.id)}-01`),
    );

    // Exported once: another round sends nothing more for this request.
    await exportFinishedRequests(db, exporter, config);
    expect(spansOf(traceId)).toHaveLength(3);
    await exporter.shutdown();
  });

  it('records a failed attempt as an error span with its error type', async () => {
    const config = telemetryConfig()!;
    const { id } = await submitRequest(
      db,
      { workflow: { tasks: [{ ref: 'boom', capability: 'otel_broken', maxAttempts: 1 }] } },
      { userId: null, label: 'test' },
    );
    expect((await waitForRequest(db, id)).status).toBe('failed');
    const exporter = createTraceExporter(config);
    await exportFinishedRequests(db, exporter, config);
    const spans = spansOf(traceIdOf(id));
    expect(spans).toHaveLength(2);
    const attempt = spans.find((span) => span.spanId !== requestSpanIdOf(id))!;
    expect(attempt.status.code).toBe(2); // ERROR
    expect(attempt.status.message).toContain('500');
    expect(attributesOf(attempt)['error.type']).toBe('server');
    expect(attempt.events?.map((e) => e.name)).toEqual(['exception']);
    const root = spans.find((span) => span.spanId === requestSpanIdOf(id))!;
    expect(root.status.code).toBe(2);
    await exporter.shutdown();
  });

  it('keeps a request for the next round when the collector refuses the batch', async () => {
    const config = telemetryConfig()!;
    const { id } = await submitRequest(
      db,
      { workflow: { tasks: [{ ref: 'one', capability: 'otel_draft', input: 'again' }] } },
      { userId: null, label: 'test' },
    );
    expect((await waitForRequest(db, id)).status).toBe('succeeded');
    const exporter = createTraceExporter(config);
    receiverStatus = 400;
    await expect(exportFinishedRequests(db, exporter, config)).rejects.toThrow();
    expect(await db.traceExport.count({ where: { requestId: id } })).toBe(0);
    receiverStatus = 200;
    await exportFinishedRequests(db, exporter, config);
    expect(spansOf(traceIdOf(id))).toHaveLength(2);
    expect(await db.traceExport.count({ where: { requestId: id } })).toBe(1);
    await exporter.shutdown();
  });
});
