import type { ReactNode } from 'react';
import { cn } from './cn';

export interface DetailsItem {
  label: string;
  value: ReactNode;
}

/**
 * Label/value pairs inside a card: `rows` puts each label beside its value with a divider between
 * rows (Settings); `grid` lays short pairs out in two or three columns (agent and request pages).
 */
export function DetailsList({
  items,
  layout = 'rows',
  columns = 2,
}: {
  items: readonly DetailsItem[];
  layout?: 'rows' | 'grid';
  columns?: 2 | 3;
}) {
  if (layout === 'rows') {
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
  return (
    <dl
      className={cn(
        'grid gap-x-6 gap-y-3 px-5 py-4 sm:grid-cols-2',
        columns === 3 && 'lg:grid-cols-3',
      )}
    >
      {items.map((item) => (
        <div key={item.label} className="min-w-0">
          <dt className="text-xs font-medium text-ink-muted">{item.label}</dt>
          <dd className="mt-0.5 text-sm break-words text-ink">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
