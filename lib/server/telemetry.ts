/**
 * OpenTelemetry configuration and trace identity (ADR 0035). Off unless
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set; `OTEL_SDK_DISABLED=true`
 * turns it off again. Nothing is exported, and no `traceparent` is sent, without it.
 *
 * Identity is derived, not stored: a request's trace id and its span id come from the request id,
 * an attempt's span id from the attempt id (SHA-256, truncated). So the worker that makes a call can
 * send the attempt's `traceparent` to the agent before the span exists anywhere, the exporter
 * (telemetry-export.ts) can build the same spans later from the database in any process, and the
 * agent's own spans join Baton's trace under the right attempt.
 */
import { createHash } from 'node:crypto';
import { processEnv } from '@/lib/env';

/** The environment variables read (the process environment by default; a plain object in tests). */
type Env = Readonly<Record<string, string | undefined>>;

export interface TelemetryConfig {
  /** The OTLP/HTTP traces URL (`…/v1/traces`). */
  tracesUrl: string;
  serviceName: string;
}

/** The configuration from the environment, or null when telemetry is off. */
export function telemetryConfig(env: Env = processEnv()): TelemetryConfig | null {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return null;
  if (env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none') return null;
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const tracesUrl = traces || (base ? `${base.replace(/\/+$/, '')}/v1/traces` : '');
  if (!tracesUrl) return null;
  return { tracesUrl, serviceName: env.OTEL_SERVICE_NAME?.trim() || 'baton' };
}

export function telemetryEnabled(env: Env = processEnv()): boolean {
  return telemetryConfig(env) !== null;
}

function digest(label: string, id: string, hexLength: number): string {
  const hex = createHash('sha256')
    .update(`${label}:${id}`, 'utf8')
    .digest('hex')
    .slice(0, hexLength);
  // All-zero ids are invalid in W3C trace context; a SHA-256 prefix of zeros is not a real risk,
  // but the rule is cheap to keep.
  return /^0+$/.test(hex) ? `${hex.slice(0, -1)}1` : hex;
}

/** The 32-hex-digit trace id of a request. */
export function traceIdOf(requestId: string): string {
  return digest('baton.trace', requestId, 32);
}

/** The 16-hex-digit span id of a request's root span. */
export function requestSpanIdOf(requestId: string): string {
  return digest('baton.request', requestId, 16);
}

/** The 16-hex-digit span id of an attempt's span. */
export function attemptSpanIdOf(attemptId: string): string {
  return digest('baton.attempt', attemptId, 16);
}

/**
 * The W3C `traceparent` an agent receives with an attempt (sampled), or undefined when telemetry
 * is off — the one call run-task makes into this module.
 */
export function traceparentFor(
  requestId: string,
  attemptId: string,
  env: Env = processEnv(),
): string | undefined {
  if (!telemetryEnabled(env)) return undefined;
  return `00-${traceIdOf(requestId)}-${attemptSpanIdOf(attemptId)}-01`;
}
