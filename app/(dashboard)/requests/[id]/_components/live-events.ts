import type { TraceEvent } from '@/lib/engine/graph';

/**
 * The `data:` of one event of `GET /api/v1/requests/{id}/events` (JSON `{ id, type, taskId,
 * payload, createdAt }`) as a trace event; null for anything else (a keep-alive, an error frame).
 */
export function parseStreamEvent(data: string): TraceEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const { id, type, taskId, payload, createdAt } = value as Record<string, unknown>;
  const eventId = typeof id === 'string' || typeof id === 'number' ? String(id) : null;
  if (!eventId || !/^\d+$/.test(eventId) || typeof type !== 'string') return null;
  const at = typeof createdAt === 'string' ? Date.parse(createdAt) : NaN;
  return {
    id: eventId,
    type,
    taskId: typeof taskId === 'string' ? taskId : null,
    payload: payload ?? {},
    at: Number.isFinite(at) ? at : Date.now(),
  };
}
