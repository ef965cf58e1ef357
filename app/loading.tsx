/** Shown while a page's server data loads; shaped like a page so the layout does not jump. */
export default function Loading() {
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">Loading…</span>
      <div aria-hidden="true" className="animate-pulse space-y-6">
        <div className="h-8 w-48 rounded-md bg-slate-200" />
        <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
          {Array.from({ length: 4 }, (_, i) => (
            <div key={i} className="h-24 rounded-lg bg-slate-200" />
          ))}
        </div>
        <div className="h-64 rounded-lg bg-slate-200" />
      </div>
    </div>
  );
}
