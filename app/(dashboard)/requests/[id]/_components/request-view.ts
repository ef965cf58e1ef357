/**
 * Reads the JSON columns of a request's read model (routing explanations, remote-cancel outcomes,
 * results) into typed shapes for the page. The columns are written by the engine, but a row from an
 * older version must not break the page: anything that does not parse is shown as missing.
 */
import { z } from 'zod';
import { outputValue, previewJson, type TraceRemoteCancel } from '@/lib/engine/graph';

const RoutingSchema = z.object({
  strategy: z.string(),
  chosen: z.object({ agentId: z.string(), name: z.string() }).nullable().catch(null),
  candidates: z
    .array(
      z.object({
        agentId: z.string(),
        name: z.string(),
        score: z.number().nullable().catch(null),
        reasons: z.array(z.string()).catch([]),
      }),
    )
    .catch([]),
  excluded: z
    .array(
      z.object({
        agentId: z.string(),
        name: z.string(),
        reason: z.string(),
        detail: z.string().catch(''),
      }),
    )
    .catch([]),
  /** Set when the approval gate routed the task ahead of time, without taking a slot. */
  preview: z.boolean().optional().catch(undefined),
});
export type RoutingExplanation = z.infer<typeof RoutingSchema>;

export function parseRouting(value: unknown): RoutingExplanation | null {
  const parsed = RoutingSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** "Cancelled remotely (CANCELED)", "Remote cancel failed: …", or null when none was tried. */
export function describeRemoteCancel(cancel: TraceRemoteCancel | null): string | null {
  if (!cancel) return null;
  const { ok, state, error } = cancel;
  if (ok) return state ? `Cancelled remotely (${state})` : 'Cancelled remotely';
  return `Remote cancel failed${error ? `: ${error}` : ''}`;
}

const ResultSchema = z.object({
  text: z.string().catch(''),
  outputs: z.record(z.string(), z.unknown()).catch({}),
  synthesizedBy: z.string().optional().catch(undefined),
});
export type RequestResultView = z.infer<typeof ResultSchema>;

export function parseResult(value: unknown): RequestResultView | null {
  const parsed = ResultSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** JSON for a <pre>: strings as they are, everything else indented. */
export function formatJson(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2) ?? '';
}

// The previews are pure and shared with the server, which sends them in each task's summary.
export { outputValue, previewJson, previewOutput } from '@/lib/engine/graph';

/** The full output for a <pre>: the bare value when that is all there is, else indented JSON. */
export function formatOutput(value: unknown): string {
  const shown = outputValue(value);
  return typeof shown === 'number' || typeof shown === 'boolean'
    ? String(shown)
    : formatJson(shown);
}

export interface EventField {
  label: string;
  value: string;
}

/** Keys whose value names who acted (`user:<id>`, `token:<id>`, `system`…). */
const ACTOR_KEYS = new Set(['by', 'actor', 'submittedBy', 'decidedBy']);

/**
 * An event's payload as labelled fields for the timeline: `{ by: "user:…", reason: null }` →
 * "By: ops@example.com", "Reason: —". Actors are shown by name (from `actors`, else as stored);
 * lists are joined; nested objects stay compact JSON.
 */
export function eventFields(
  payload: unknown,
  actors: ReadonlyMap<string, string> = new Map(),
): EventField[] {
  if (payload === null || payload === undefined) return [];
  if (typeof payload !== 'object' || Array.isArray(payload)) {
    return [{ label: 'Details', value: previewJson(payload, 240) }];
  }
  return Object.entries(payload).map(([key, value]) => ({
    label: labelOf(key),
    value:
      ACTOR_KEYS.has(key) && typeof value === 'string'
        ? (actors.get(value) ?? value)
        : fieldText(value),
  }));
}

/** Actor labels named anywhere in these payloads, for one findActorLabels lookup. */
export function eventActors(payloads: readonly unknown[]): string[] {
  const found = new Set<string>();
  for (const payload of payloads) {
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) continue;
    for (const [key, value] of Object.entries(payload)) {
      if (ACTOR_KEYS.has(key) && typeof value === 'string') found.add(value);
    }
  }
  return [...found];
}

function labelOf(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  const text = words.replace(/\bms\b/, '(ms)').replace(/\bid\b/, 'ID');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function fieldText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value.length <= 240 ? value : `${value.slice(0, 239)}…`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object' || item === null)) {
    return value.length ? value.map(String).join(', ') : '—';
  }
  return previewJson(value, 240);
}

export interface ElapsedView {
  /** "12 s of 1m 00s". */
  text: string;
  /** 0–1, for a meter. */
  fraction: number;
  /** Past the timeout: the attempt is about to be timed out. */
  overdue: boolean;
}

/** A running attempt's elapsed time against its timeout, in whole seconds. */
export function elapsedVsTimeout(startedAt: number, now: number, timeoutMs: number): ElapsedView {
  const elapsed = Math.max(0, Math.floor((now - startedAt) / 1_000) * 1_000);
  return {
    text: `${formatWholeSeconds(elapsed)} of ${formatWholeSeconds(timeoutMs)}`,
    fraction: timeoutMs > 0 ? Math.min(1, elapsed / timeoutMs) : 1,
    overdue: elapsed >= timeoutMs,
  };
}

function formatWholeSeconds(ms: number): string {
  const total = Math.round(ms / 1_000);
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  if (minutes < 60) return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}
