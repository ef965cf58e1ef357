/**
 * Display formatting shared by server and client components. Everything renders in UTC with fixed
 * patterns so that the server's HTML and the browser's hydration agree regardless of either side's
 * locale or time zone, and so operators comparing timestamps with logs see the same clock.
 */

const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;

/** "2026-01-05 14:03 UTC". */
export function formatDateTime(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** "2026-01-05" (the UTC calendar day). */
export function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Machine-readable value for `<time dateTime>`. */
export function toIsoString(date: Date): string {
  return date.toISOString();
}

const SHORT_DAY = new Intl.DateTimeFormat('en-US', {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});

/** "Mon, Jan 5" for a "YYYY-MM-DD" UTC day, as used on chart axes. */
export function formatDayLabel(isoDay: string): string {
  return SHORT_DAY.format(new Date(`${isoDay}T00:00:00Z`));
}

/**
 * A compact duration: "850 ms", "12.3 s", "4m 05s", "2h 03m". Negative or non-finite input (clock
 * skew between writers) is shown as an em dash rather than a misleading number.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < SECOND_MS) return `${Math.round(ms)} ms`;
  if (ms < MINUTE_MS) return `${(ms / SECOND_MS).toFixed(1)} s`;
  if (ms < HOUR_MS) {
    const minutes = Math.floor(ms / MINUTE_MS);
    const seconds = Math.floor((ms % MINUTE_MS) / SECOND_MS);
    return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
  }
  const hours = Math.floor(ms / HOUR_MS);
  const minutes = Math.floor((ms % HOUR_MS) / MINUTE_MS);
  return `${hours}h ${String(minutes).padStart(2, '0')}m`;
}

const INTEGER = new Intl.NumberFormat('en-US');

/** "1,234". */
export function formatCount(value: number): string {
  return INTEGER.format(value);
}

/** Status and enum values as words: "awaiting_approval" → "Awaiting approval", "FAILED" → "Failed". */
export function humanize(value: string): string {
  const words = value.replaceAll('_', ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
