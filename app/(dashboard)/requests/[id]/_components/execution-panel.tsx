'use client';

import { useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import {
  STATUS_CUES,
  TIMELINE_LIMITS,
  buildTimeline,
  formatSpan,
  reconstructAt,
  type RequestSnapshot,
  type TimelineBucket,
  type TraceEvent,
} from '@/lib/engine/graph';
import { formatCount } from '@/lib/format';
import { ExecutionGraph } from './execution-graph';
import { STATUS_CLASSES } from './graph-nodes';
import { NodeDrawer } from './node-drawer';
import { useRequestLive } from './request-live';

/**
 * The request's execution: the live graph with its node drawer, a replay slider that rebuilds the
 * graph at any event of the log, the timeline (one lane per agent), and the trace downloads.
 */
export function ExecutionPanel({ canOperate }: { canOperate: boolean }) {
  const { snapshot: live, resume, refresh } = useRequestLive();
  const [selected, setSelected] = useState<string | null>(null);
  const [replay, setReplay] = useState<ReplayState>({ kind: 'off' });

  const shown = useMemo(() => {
    if (replay.kind !== 'on' || replay.events.length === 0) return live;
    return reconstructAt(replay.base, replay.events, replay.events[replay.index]!.id);
  }, [live, replay]);
  const atEvent = replay.kind === 'on' ? replay.events[replay.index] : undefined;

  const onActed = useCallback(() => {
    resume();
    refresh();
  }, [resume, refresh]);

  const startReplay = async () => {
    setReplay({ kind: 'loading' });
    try {
      const response = await fetch(
        `/api/v1/requests/${live.id}/trace?format=json&events=1&summary=1`,
        {
          cache: 'no-store',
        },
      );
      if (!response.ok) throw new Error(String(response.status));
      const { data } = (await response.json()) as {
        data: RequestSnapshot & { events: TraceEvent[] };
      };
      setReplay({ kind: 'on', base: data, events: data.events, index: data.events.length - 1 });
    } catch {
      setReplay({ kind: 'failed' });
    }
  };

  return (
    <div className="space-y-4 px-5 py-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <ReplayControls
          replay={replay}
          atEvent={atEvent}
          onStart={() => void startReplay()}
          onStop={() => setReplay({ kind: 'off' })}
          onMove={(index) => setReplay((r) => (r.kind === 'on' ? { ...r, index } : r))}
        />
        <TraceDownloads requestId={live.id} />
      </div>
      <div className={cn('grid gap-4', selected !== null && 'lg:grid-cols-[minmax(0,1fr)_24rem]')}>
        <ExecutionGraph snapshot={shown} selected={selected} onSelect={setSelected} />
        {selected !== null ? (
          <NodeDrawer
            snapshot={shown}
            taskId={selected}
            canOperate={canOperate}
            isReplay={replay.kind === 'on'}
            onClose={() => setSelected(null)}
            onActed={onActed}
          />
        ) : null}
      </div>
      <Timeline snapshot={shown} cursor={atEvent?.at ?? null} />
    </div>
  );
}

type ReplayState =
  | { kind: 'off' }
  | { kind: 'loading' }
  | { kind: 'failed' }
  | { kind: 'on'; base: RequestSnapshot; events: TraceEvent[]; index: number };

function ReplayControls({
  replay,
  atEvent,
  onStart,
  onStop,
  onMove,
}: {
  replay: ReplayState;
  atEvent: TraceEvent | undefined;
  onStart: () => void;
  onStop: () => void;
  onMove: (index: number) => void;
}) {
  if (replay.kind !== 'on') {
    return (
      <div className="flex items-center gap-3">
        <Button variant="secondary" onClick={onStart} disabled={replay.kind === 'loading'}>
          {replay.kind === 'loading' ? 'Loading the event log…' : 'Replay'}
        </Button>
        {replay.kind === 'failed' ? (
          <p role="alert" className="text-sm text-status-failed">
            The event log could not be loaded. Try again.
          </p>
        ) : null}
      </div>
    );
  }
  const label = atEvent
    ? `Event ${replay.index + 1} of ${replay.events.length}: ${atEvent.type} at ${new Date(atEvent.at).toISOString().slice(11, 23)} UTC`
    : 'No events';
  return (
    <div className="flex min-w-72 flex-1 flex-wrap items-center gap-3">
      <label htmlFor="replay-position" className="text-sm font-medium text-ink">
        Replay position
      </label>
      <input
        id="replay-position"
        type="range"
        min={0}
        max={Math.max(0, replay.events.length - 1)}
        value={replay.index}
        aria-valuetext={label}
        onChange={(event) => onMove(Number(event.target.value))}
        className="min-w-48 flex-1 accent-accent-600"
      />
      <p className="text-xs text-ink-muted tabular-nums" data-testid="replay-position-label">
        {label}
      </p>
      <Button variant="secondary" onClick={onStop} className="px-2.5 py-1 text-xs">
        Back to live
      </Button>
    </div>
  );
}

function TraceDownloads({ requestId }: { requestId: string }) {
  const base = `/api/v1/requests/${requestId}/trace`;
  const link =
    'rounded-md border border-line bg-surface px-2.5 py-1 text-xs font-medium text-ink shadow-sm hover:bg-slate-50';
  return (
    <nav aria-label="Trace downloads" className="flex flex-wrap items-center gap-2">
      <span className="text-xs text-ink-muted">Download trace:</span>
      <a className={link} href={`${base}?format=ascii&download=1`} download>
        ASCII<span className="sr-only"> trace</span>
      </a>
      <a className={link} href={`${base}?format=tree&download=1`} download>
        Tree<span className="sr-only"> trace</span>
      </a>
      <a className={link} href={`${base}?format=json&events=1&download=1`} download>
        JSON<span className="sr-only"> trace</span>
      </a>
    </nav>
  );
}

const noSubscription = () => () => {};
const subscribeClock = (onTick: () => void) => {
  const timer = setInterval(onTick, 1_000);
  return () => clearInterval(timer);
};
const clockNow = () => Math.floor(Date.now() / 1_000) * 1_000;
const noClock = () => null;

function Timeline({ snapshot, cursor }: { snapshot: RequestSnapshot; cursor: number | null }) {
  const ticking = snapshot.tasks.some((t) => t.attempts.some((a) => a.status === 'running'));
  const now =
    useSyncExternalStore(
      ticking ? subscribeClock : noSubscription,
      ticking ? clockNow : noClock,
      noClock,
    ) ?? undefined;
  const timeline = useMemo(
    () => buildTimeline(snapshot, { now: cursor ?? now }),
    [snapshot, cursor, now],
  );
  const isSummarised = timeline?.lanes.some((lane) => lane.buckets !== null) ?? false;
  return (
    <section aria-labelledby="timeline-heading">
      <h3 id="timeline-heading" className="mb-2 text-sm font-semibold text-ink">
        Timeline
      </h3>
      {!timeline ? (
        <p className="text-sm text-ink-muted">No attempt has started yet.</p>
      ) : (
        <div className="space-y-1.5">
          <p className="text-xs text-ink-muted tabular-nums" data-testid="timeline-summary">
            {formatSpan(timeline.end - timeline.start)} from the first call to the last, one lane
            per agent.
            {isSummarised
              ? ` ${formatCount(timeline.attempts)} attempts: an agent with more than ${TIMELINE_LIMITS.maxBarsPerLane} is drawn in ${TIMELINE_LIMITS.buckets} time slices, each counting the attempts that started in it.`
              : null}
            {timeline.hiddenLanes > 0
              ? ` Showing ${timeline.lanes.length} of ${timeline.lanes.length + timeline.hiddenLanes} agents; every attempt is in the Tasks table.`
              : null}
          </p>
          <ul aria-label="Attempts by agent" className="space-y-1">
            {timeline.lanes.map((lane) => (
              <li key={lane.agent} className="grid grid-cols-[9rem_1fr] items-center gap-2">
                <span className="truncate text-xs font-medium text-ink" title={lane.agent}>
                  {lane.agent}
                </span>
                <ul
                  aria-label={`Attempts of ${lane.agent}`}
                  className="relative h-6 rounded-sm bg-slate-100"
                >
                  {lane.buckets?.map((bucket) => (
                    <BucketBar key={bucket.offset} bucket={bucket} start={timeline.start} />
                  ))}
                  {lane.bars.map((bar) => (
                    <li
                      key={`${bar.taskId}:${bar.attempt}`}
                      aria-label={`${bar.ref} attempt ${bar.attempt}: ${STATUS_CUES[bar.status].label}, ${formatSpan(bar.end - bar.start)}`}
                      title={`${bar.ref} #${bar.attempt} · ${STATUS_CUES[bar.status].label} · ${formatSpan(bar.end - bar.start)}`}
                      className={cn(
                        'absolute top-0.5 bottom-0.5 overflow-hidden rounded-sm border text-[10px] leading-5 whitespace-nowrap text-ink',
                        STATUS_CLASSES[bar.status],
                      )}
                      style={{ left: `${bar.offset * 100}%`, width: `${bar.width * 100}%` }}
                    >
                      <span aria-hidden="true" className="px-0.5">
                        {STATUS_CUES[bar.status].symbol} {bar.ref}
                      </span>
                    </li>
                  ))}
                  {cursor !== null && cursor >= timeline.start && cursor <= timeline.end ? (
                    <li
                      aria-hidden="true"
                      className="absolute top-0 bottom-0 w-0.5 bg-accent-600"
                      style={{
                        left: `${((cursor - timeline.start) / (timeline.end - timeline.start)) * 100}%`,
                      }}
                    />
                  ) : null}
                </ul>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** One time slice of a summarised lane: how many attempts started in it, drawn in its worst status. */
function BucketBar({ bucket, start }: { bucket: TimelineBucket; start: number }) {
  const counts = Object.entries(bucket.counts)
    .map(
      ([status, n]) =>
        `${formatCount(n)} ${STATUS_CUES[status as TimelineBucket['status']].label.toLowerCase()}`,
    )
    .join(', ');
  const label = `${formatCount(bucket.attempts)} attempts from ${formatSpan(bucket.start - start)} to ${formatSpan(bucket.end - start)}: ${counts}`;
  return (
    <li
      aria-label={label}
      title={label}
      data-bucket
      className={cn(
        'absolute top-0.5 bottom-0.5 overflow-hidden rounded-sm border text-[10px] leading-5 whitespace-nowrap text-ink',
        STATUS_CLASSES[bucket.status],
      )}
      style={{ left: `${bucket.offset * 100}%`, width: `${bucket.width * 100}%` }}
    >
      <span aria-hidden="true" className="px-0.5">
        {STATUS_CUES[bucket.status].symbol}
      </span>
    </li>
  );
}
