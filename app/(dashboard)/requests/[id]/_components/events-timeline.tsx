import type { EventView } from '@/lib/db/repositories/requests';
import { formatDateTime, toIsoString } from '@/lib/format';
import { eventFields } from './request-view';

/** The request's event log, oldest first: what happened, to which task, when. */
export function EventsTimeline({
  events,
  taskRefs,
  actors,
}: {
  events: EventView[];
  /** Task id → ref, so an event names its task as the tasks table does. */
  taskRefs: ReadonlyMap<string, string>;
  /** Actor label (`user:<id>`) → name, so events say who acted. */
  actors: ReadonlyMap<string, string>;
}) {
  return (
    <ol className="divide-y divide-line">
      {events.map((event) => {
        const fields = eventFields(event.payload, actors);
        const ref = event.taskId ? taskRefs.get(event.taskId) : undefined;
        return (
          <li
            key={event.id.toString()}
            className="grid gap-x-4 gap-y-0.5 px-5 py-2.5 text-sm sm:grid-cols-[8rem_minmax(0,1fr)]"
          >
            <time
              dateTime={toIsoString(event.createdAt)}
              title={formatDateTime(event.createdAt)}
              className="text-xs text-ink-muted tabular-nums"
            >
              {formatTimeOfDay(event.createdAt)}
            </time>
            <div className="min-w-0">
              <p className="text-ink">
                <span className="font-mono text-xs font-medium">{event.type}</span>
                {ref ? (
                  <span className="text-ink-muted">
                    {' '}
                    · task <span className="font-mono">{ref}</span>
                  </span>
                ) : null}
              </p>
              {fields.length ? (
                <dl className="mt-0.5 flex flex-wrap gap-x-4 gap-y-0.5 text-xs">
                  {fields.map((field) => (
                    <div key={field.label} className="flex min-w-0 gap-1">
                      <dt className="text-ink-muted">{field.label}:</dt>
                      <dd className="min-w-0 truncate text-ink" title={field.value}>
                        {field.value}
                      </dd>
                    </div>
                  ))}
                </dl>
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

/** "14:03:07.123 UTC": events of one request are close together, so the second counts. */
function formatTimeOfDay(date: Date): string {
  return `${toIsoString(date).slice(11, 23)} UTC`;
}
