import type { ReactNode } from 'react';

/** Label/value rows inside a card. */
export function DetailsList({ items }: { items: { label: string; value: ReactNode }[] }) {
  return (
    <dl className="divide-y divide-line">
      {items.map((item) => (
        <div key={item.label} className="grid gap-1 px-5 py-3 sm:grid-cols-3 sm:gap-4">
          <dt className="text-sm text-ink-muted">{item.label}</dt>
          <dd className="text-sm break-words text-ink sm:col-span-2">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Ok/not-ok with a coloured dot and a word, never colour alone. */
export function HealthIndicator({ ok, label }: { ok: boolean; label: string }) {
  return (
    <span className="inline-flex items-center gap-2">
      <span
        aria-hidden="true"
        className={
          ok ? 'size-2 rounded-full bg-status-succeeded' : 'size-2 rounded-full bg-status-failed'
        }
      />
      {label}
    </span>
  );
}
