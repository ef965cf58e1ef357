import type { Prisma } from '@/lib/db/generated/prisma/client.ts';

export interface AuditDetail {
  key: string;
  value: string;
}

/** Long values (a stray stack trace, a big object) would stretch the table; the row keeps a gist. */
const MAX_VALUE_LENGTH = 80;

/**
 * An audit entry's metadata as `key: value` pairs for one table cell, keys in alphabetical order
 * (jsonb does not keep the order they were written in, so this at least makes rows comparable).
 * Scalars are shown as they are, nested values as compact JSON; anything that is not an object
 * (older or hand-written rows) is shown whole under `value`.
 */
export function describeAuditMetadata(metadata: Prisma.JsonValue): AuditDetail[] {
  if (metadata === null) return [];
  if (typeof metadata !== 'object' || Array.isArray(metadata)) {
    return [{ key: 'value', value: formatValue(metadata) }];
  }
  return Object.keys(metadata)
    .sort()
    .map((key) => ({ key, value: formatValue(metadata[key] ?? null) }));
}

function formatValue(value: Prisma.JsonValue): string {
  const text = value === null ? '—' : typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

/** "user 0199…c1d2": the kind and a short id; the full id is kept for a tooltip. */
export function formatAuditTarget(
  targetType: string | null,
  targetId: string | null,
): string | null {
  if (!targetType && !targetId) return null;
  const id = targetId && targetId.length > 12 ? `${targetId.slice(0, 8)}…` : targetId;
  return [targetType, id].filter(Boolean).join(' ');
}

/** "2026-01-05 14:03:07": audit entries need the second, and the column header says UTC. */
export function formatAuditTime(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}
