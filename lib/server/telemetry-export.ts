/**
 * OpenTelemetry trace export (ADR 0035): each finished request becomes one trace — a root span for
 * the request and one span per task attempt, with the GenAI semantic conventions — sent over
 * OTLP/HTTP by the official exporter. Off unless telemetry.ts finds an endpoint.
 *
 * Spans are built from the database after the request ends, not recorded in memory while it runs:
 * attempts of one request run in several worker processes, and a worker that dies must not lose
 * its spans. The ids are derived (telemetry.ts), so the `traceparent` an agent received during the
 * call names the very span exported here. `trace_exports` makes the export happen once across every
 * Baton process: a request is claimed by inserting its row (`ON CONFLICT DO NOTHING`), and released
 * again when the collector refused the batch, so the next tick retries it.
 */
import { SpanKind, SpanStatusCode, TraceFlags, type Attributes } from '@opentelemetry/api';
import { ExportResultCode, hrTimeDuration, millisToHrTime } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { ATTR_ERROR_TYPE, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import {
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '@opentelemetry/semantic-conventions/incubating';
import type { PrismaClient } from '@/lib/db/prisma';
import type { AgentKind } from '@/lib/engine';
import { logger } from '@/lib/logger';
import { BATON_VERSION } from '@/lib/version';
import {
  attemptSpanIdOf,
  requestSpanIdOf,
  telemetryConfig,
  traceIdOf,
  type TelemetryConfig,
} from './telemetry';

/** Requests finished longer ago than this are never exported (e.g. history when turning it on). */
export const EXPORT_LOOKBACK_MS = 60 * 60 * 1000;
/** Requests exported per tick. */
export const EXPORT_BATCH = 50;
/** `trace_exports` rows are kept this long (beyond the lookback, so nothing is exported twice). */
export const EXPORT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

const TERMINAL = ['succeeded', 'failed', 'cancelled'];

interface RequestForTrace {
  id: string;
  status: string;
  strategy: string;
  planner: string;
  error: string | null;
  costTotal: bigint;
  createdAt: Date;
  finishedAt: Date | null;
  tasks: {
    ref: string;
    capability: string;
    attempts: {
      id: string;
      number: number;
      status: string;
      startedAt: Date;
      finishedAt: Date | null;
      tokensIn: number;
      tokensOut: number;
      cost: bigint;
      errorKind: string | null;
      error: string | null;
      agent: { id: string; name: string; kind: AgentKind; config: unknown } | null;
    }[];
  }[];
}

/** The GenAI operation an attempt performed, by the kind of agent it called. */
function operationOf(kind: AgentKind | undefined): string {
  switch (kind) {
    case 'openai':
      return 'chat';
    case 'mcp':
      return 'execute_tool';
    default:
      return 'invoke_agent';
  }
}

/** The model an attempt asked for, when Baton knows it (OpenAI-compatible agents; builtins). */
function modelOf(agent: RequestForTrace['tasks'][number]['attempts'][number]['agent']) {
  const config = (agent?.config ?? {}) as { model?: unknown; builtin?: unknown };
  if (agent?.kind === 'openai' && typeof config.model === 'string') return config.model;
  if (agent?.kind === 'builtin' && typeof config.builtin === 'string') {
    return `baton-builtin/${config.builtin}`;
  }
  return undefined;
}

/** The spans of one finished request: the root, then each attempt in task and attempt order. */
export function spansOfRequest(request: RequestForTrace, config: TelemetryConfig): ReadableSpan[] {
  const resource = resourceFromAttributes({
    [ATTR_SERVICE_NAME]: config.serviceName,
    'service.version': BATON_VERSION,
  });
  const instrumentationScope = { name: 'baton', version: BATON_VERSION };
  const traceId = traceIdOf(request.id);
  const rootContext = {
    traceId,
    spanId: requestSpanIdOf(request.id),
    traceFlags: TraceFlags.SAMPLED,
  };
  const span = (fields: {
    name: string;
    kind: SpanKind;
    spanId: string;
    parent?: typeof rootContext;
    start: Date;
    end: Date;
    attributes: Attributes;
    error?: { type: string; message: string } | null;
  }): ReadableSpan => {
    const startTime = millisToHrTime(fields.start.getTime());
    const endTime = millisToHrTime(Math.max(fields.end.getTime(), fields.start.getTime()));
    return {
      name: fields.name,
      kind: fields.kind,
      spanContext: () => ({ traceId, spanId: fields.spanId, traceFlags: TraceFlags.SAMPLED }),
      ...(fields.parent && { parentSpanContext: fields.parent }),
      startTime,
      endTime,
      duration: hrTimeDuration(startTime, endTime),
      status: fields.error
        ? { code: SpanStatusCode.ERROR, message: fields.error.message }
        : { code: SpanStatusCode.OK },
      attributes: {
        ...fields.attributes,
        ...(fields.error && { [ATTR_ERROR_TYPE]: fields.error.type }),
      },
      links: [],
      events: fields.error
        ? [
            {
              name: 'exception',
              time: endTime,
              attributes: {
                'exception.type': fields.error.type,
                'exception.message': fields.error.message,
              },
            },
          ]
        : [],
      ended: true,
      resource,
      instrumentationScope,
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    };
  };

  const finishedAt = request.finishedAt ?? request.createdAt;
  const spans: ReadableSpan[] = [
    span({
      name: 'baton.request',
      kind: SpanKind.SERVER,
      spanId: rootContext.spanId,
      start: request.createdAt,
      end: finishedAt,
      attributes: {
        [ATTR_GEN_AI_OPERATION_NAME]: 'invoke_workflow',
        'baton.request.id': request.id,
        'baton.request.status': request.status,
        'baton.request.strategy': request.strategy,
        'baton.request.planner': request.planner,
        'baton.request.cost_micros': Number(request.costTotal),
        'baton.request.tasks': request.tasks.length,
      },
      error:
        request.status === 'failed'
          ? { type: 'request_failed', message: request.error ?? 'The request failed.' }
          : null,
    }),
  ];
  for (const task of request.tasks) {
    for (const attempt of task.attempts) {
      const operation = operationOf(attempt.agent?.kind);
      const model = modelOf(attempt.agent);
      const target =
        operation === 'execute_tool' ? task.capability : (attempt.agent?.name ?? task.capability);
      spans.push(
        span({
          name: `${operation} ${target}`,
          kind: SpanKind.CLIENT,
          spanId: attemptSpanIdOf(attempt.id),
          parent: rootContext,
          start: attempt.startedAt,
          end: attempt.finishedAt ?? finishedAt,
          attributes: {
            [ATTR_GEN_AI_OPERATION_NAME]: operation,
            ...(model && { [ATTR_GEN_AI_REQUEST_MODEL]: model }),
            [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: attempt.tokensIn,
            [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: attempt.tokensOut,
            ...(attempt.agent && {
              [ATTR_GEN_AI_AGENT_ID]: attempt.agent.id,
              [ATTR_GEN_AI_AGENT_NAME]: attempt.agent.name,
              'baton.agent.kind': attempt.agent.kind,
            }),
            ...(operation === 'execute_tool' && { [ATTR_GEN_AI_TOOL_NAME]: task.capability }),
            'baton.task.ref': task.ref,
            'baton.task.capability': task.capability,
            'baton.attempt.number': attempt.number,
            'baton.attempt.status': attempt.status,
            'baton.attempt.cost_micros': Number(attempt.cost),
          },
          error:
            attempt.status === 'failed'
              ? {
                  type: attempt.errorKind ?? 'error',
                  message: attempt.error ?? 'The attempt failed.',
                }
              : null,
        }),
      );
    }
  }
  return spans;
}

function exportSpans(exporter: SpanExporter, spans: ReadableSpan[]): Promise<Error | null> {
  return new Promise((resolve) =>
    exporter.export(spans, (result) =>
      resolve(
        result.code === ExportResultCode.SUCCESS
          ? null
          : (result.error ?? new Error('the collector refused the spans')),
      ),
    ),
  );
}

/**
 * One export round: claims up to EXPORT_BATCH finished requests not exported yet, sends their
 * spans, and releases the claims when the export failed. Returns how many requests were exported.
 */
export async function exportFinishedRequests(
  db: PrismaClient,
  exporter: SpanExporter,
  config: TelemetryConfig,
  now = new Date(),
): Promise<number> {
  const cutoff = new Date(now.getTime() - EXPORT_LOOKBACK_MS);
  const claimed = await db.$queryRaw<{ request_id: string }[]>`
    INSERT INTO trace_exports (request_id)
    SELECT r.id FROM requests r
    WHERE r.status::text = ANY(${TERMINAL}) AND r.finished_at >= ${cutoff}
      AND NOT EXISTS (SELECT 1 FROM trace_exports t WHERE t.request_id = r.id)
    ORDER BY r.finished_at
    LIMIT ${EXPORT_BATCH}
    ON CONFLICT (request_id) DO NOTHING
    RETURNING request_id`;
  if (claimed.length === 0) return 0;
  const ids = claimed.map((row) => row.request_id);
  const requests = await db.request.findMany({
    where: { id: { in: ids } },
    orderBy: { finishedAt: 'asc' },
    select: {
      id: true,
      status: true,
      strategy: true,
      planner: true,
      error: true,
      costTotal: true,
      createdAt: true,
      finishedAt: true,
      tasks: {
        orderBy: { id: 'asc' },
        select: {
          ref: true,
          capability: true,
          attempts: {
            orderBy: { number: 'asc' },
            select: {
              id: true,
              number: true,
              status: true,
              startedAt: true,
              finishedAt: true,
              tokensIn: true,
              tokensOut: true,
              cost: true,
              errorKind: true,
              error: true,
              agent: { select: { id: true, name: true, kind: true, config: true } },
            },
          },
        },
      },
    },
  });
  const spans = requests.flatMap((request) => spansOfRequest(request, config));
  const error = await exportSpans(exporter, spans);
  if (error) {
    await db.traceExport.deleteMany({ where: { requestId: { in: ids } } });
    throw error;
  }
  return requests.length;
}

/** Deletes bookkeeping rows past the retention. */
export async function pruneTraceExports(db: PrismaClient, now = new Date()): Promise<number> {
  const { count } = await db.traceExport.deleteMany({
    where: { exportedAt: { lt: new Date(now.getTime() - EXPORT_RETENTION_MS) } },
  });
  return count;
}

/** The official OTLP/HTTP (JSON) exporter for the configured endpoint. */
export function createTraceExporter(config: TelemetryConfig): SpanExporter {
  // Headers (OTEL_EXPORTER_OTLP_HEADERS) and timeouts come from the environment, as documented
  // for every OpenTelemetry exporter.
  return new OTLPTraceExporter({ url: config.tracesUrl });
}

/**
 * Exports finished requests every `intervalMs` until stopped; null when telemetry is off. One
 * failing round is logged and retried on the next tick.
 */
export function startTraceExport(
  db: PrismaClient,
  options: { intervalMs?: number; config?: TelemetryConfig | null; exporter?: SpanExporter } = {},
): (() => Promise<void>) | null {
  const config = options.config === undefined ? telemetryConfig() : options.config;
  if (!config) return null;
  const exporter = options.exporter ?? createTraceExporter(config);
  const intervalMs = options.intervalMs ?? 5_000;
  let running: Promise<void> = Promise.resolve();
  let rounds = 0;
  const tick = async () => {
    try {
      // A full batch means more are waiting; a bounded number of batches per tick.
      for (let batch = 0; batch < 10; batch += 1) {
        if ((await exportFinishedRequests(db, exporter, config)) < EXPORT_BATCH) break;
      }
      if (++rounds % 720 === 1) await pruneTraceExports(db);
    } catch (error) {
      logger.warn({ err: error, url: config.tracesUrl }, 'trace export failed; retrying');
    }
  };
  const timer = setInterval(() => {
    running = running.then(tick);
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
    // One last round, so requests that just ended are not left for another process.
    await tick();
    await exporter.shutdown();
  };
}
