/**
 * Reads the JSON columns of a request's read model (routing explanations, remote-cancel outcomes,
 * results) into typed shapes for the page. The columns are written by the engine, but a row from an
 * older version must not break the page: anything that does not parse is shown as missing.
 */
import { z } from 'zod';

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

const RemoteCancelSchema = z.object({
  remoteTaskId: z.string(),
  ok: z.boolean(),
  state: z.string().optional().catch(undefined),
  error: z.string().optional().catch(undefined),
});

/** "Cancelled remotely (CANCELED)", "Remote cancel failed: …", or null when none was tried. */
export function describeRemoteCancel(value: unknown): string | null {
  const parsed = RemoteCancelSchema.safeParse(value);
  if (!parsed.success) return null;
  const { ok, state, error } = parsed.data;
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

/** One line of a task's output for the table: whitespace collapsed, cut at `max` characters. */
export function previewJson(value: unknown, max = 80): string {
  if (value === null || value === undefined) return '';
  const text = (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''))
    .replace(/\s+/g, ' ')
    .trim();
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
