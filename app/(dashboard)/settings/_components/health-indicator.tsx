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
