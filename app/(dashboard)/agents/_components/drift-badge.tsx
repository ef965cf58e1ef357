/** An A2A agent's card has different skills than when it was registered or last acknowledged. */
export function DriftBadge() {
  return (
    <span
      title="The agent card's skills changed since they were last reviewed."
      className="inline-flex items-center gap-1.5 rounded-full bg-status-degraded/10 px-2 py-0.5 text-xs font-medium whitespace-nowrap text-ink ring-1 ring-status-degraded/40 ring-inset"
    >
      <span aria-hidden="true">⚠</span>
      Card changed
    </span>
  );
}
