'use client';

import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { StatusBadge } from '@/components/ui/status-badge';
import {
  applyEvents,
  compareEventIds,
  type RequestSnapshot,
  type TraceEvent,
} from '@/lib/engine/graph';
import { EVENT_TYPES } from '@/lib/server/execution/event-types';
import { parseStreamEvent } from './live-events';
import { taskDetailQueryKey } from './task-detail';

/**
 * One live connection per request page. The request's snapshot lives in the TanStack Query cache
 * (key `['request-trace', id]`, first filled by the server render); each Server-Sent Event is
 * folded into it at once (lib/engine/graph/replay.ts), so the graph and the timeline move without a
 * round trip. The snapshot carries task summaries; what the events do not carry (output previews,
 * exact times) comes from a snapshot refetch, at most once a second however fast events arrive,
 * and the server-rendered sections (result, costs) are re-rendered at the same pace. An event for a
 * task also invalidates that task's detail (task-detail.ts): an open drawer reads it again. After a dropped connection the browser reconnects and the
 * stream resumes after the last event it saw (`Last-Event-ID`, or `?after=` when the page opens a
 * new stream), so nothing is missed or applied twice.
 */

export type Connection = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'finished';

interface LiveContextValue {
  snapshot: RequestSnapshot;
  connection: Connection;
  /** Re-opens the stream (after an operator action re-opened a finished request, or "Reconnect"). */
  resume: () => void;
  /** Refetch the snapshot now (after an action). */
  refresh: () => void;
}

const LiveContext = createContext<LiveContextValue | null>(null);

export function useRequestLive(): LiveContextValue {
  const value = useContext(LiveContext);
  if (!value) throw new Error('useRequestLive needs a RequestLiveProvider');
  return value;
}

export const traceQueryKey = (id: string) => ['request-trace', id] as const;

/** At most one snapshot refetch and one page re-render per this interval. */
const REFRESH_THROTTLE_MS = 1_000;
/** Failed reconnects before the page says it is offline (the browser keeps trying meanwhile). */
const OFFLINE_AFTER_ERRORS = 3;
/** Events kept to re-apply over a refetched snapshot that is older than what the stream showed. */
const REPLAY_BUFFER = 2_000;
const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);
const TERMINAL_EVENTS = new Set(['request.succeeded', 'request.failed', 'request.cancelled']);

async function fetchSnapshot(id: string): Promise<RequestSnapshot> {
  const response = await fetch(`/api/v1/requests/${id}/trace?format=json&summary=1`, {
    headers: { Accept: 'application/json' },
    cache: 'no-store',
  });
  if (!response.ok) throw new Error(`The request could not be read (${response.status}).`);
  return ((await response.json()) as { data: RequestSnapshot }).data;
}

function throttle(run: () => void, ms: number) {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const schedule = () => {
    if (timer) return;
    const wait = last + ms - Date.now();
    const fire = () => {
      timer = null;
      last = Date.now();
      run();
    };
    if (wait <= 0) fire();
    else timer = setTimeout(fire, wait);
  };
  schedule.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  /** Runs now (a pending run included). */
  schedule.flush = () => {
    schedule.cancel();
    last = Date.now();
    run();
  };
  return schedule;
}

export function RequestLiveProvider({
  initial,
  children,
}: {
  initial: RequestSnapshot;
  children: ReactNode;
}) {
  const id = initial.id;
  const queryClient = useQueryClient();
  const router = useRouter();
  const buffer = useRef<TraceEvent[]>([]);
  const { data } = useQuery({
    queryKey: traceQueryKey(id),
    queryFn: async () => {
      const fresh = await fetchSnapshot(id);
      // The stream may already be ahead of what this read saw: keep those events applied.
      return applyEvents(fresh, buffer.current, fresh);
    },
    initialData: initial,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const snapshot = data ?? initial;
  const [connection, setConnection] = useState<Connection>(() =>
    FINISHED.has(initial.status) ? 'finished' : 'connecting',
  );
  const [epoch, setEpoch] = useState(0);
  const isFinished = FINISHED.has(snapshot.status);
  const follow = !isFinished || epoch > 0;

  useEffect(() => {
    if (!follow) return;
    return openStream({
      id,
      queryClient,
      buffer: buffer.current,
      onConnection: setConnection,
      onRefresh: () => router.refresh(),
    });
  }, [id, epoch, follow, queryClient, router]);

  const resume = useCallback(() => setEpoch((e) => e + 1), []);
  const refresh = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: traceQueryKey(id) });
    // Every task detail of this request (prefix of taskDetailQueryKey): open ones are read again.
    void queryClient.invalidateQueries({ queryKey: ['request-task', id] });
  }, [queryClient, id]);
  const shown: Connection = follow ? connection : 'finished';
  const value = useMemo(
    () => ({ snapshot, connection: shown, resume, refresh }),
    [snapshot, shown, resume, refresh],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

function openStream({
  id,
  queryClient,
  buffer,
  onConnection,
  onRefresh,
}: {
  id: string;
  queryClient: QueryClient;
  buffer: TraceEvent[];
  onConnection: (connection: Connection) => void;
  onRefresh: () => void;
}): () => void {
  if (typeof EventSource === 'undefined') {
    onConnection('offline');
    return () => {};
  }
  const key = traceQueryKey(id);
  const refetch = throttle(() => {
    void queryClient.invalidateQueries({ queryKey: key });
    onRefresh();
  }, REFRESH_THROTTLE_MS);
  let source: EventSource | null = null;
  let errors = 0;
  let stopped = false;
  let reopen: ReturnType<typeof setTimeout> | null = null;

  const lastSeen = () =>
    queryClient.getQueryData<RequestSnapshot>(key)?.lastEventId ?? buffer.at(-1)?.id ?? '0';

  const onEvent = (message: MessageEvent<string>) => {
    const event = parseStreamEvent(message.data);
    if (!event) return;
    errors = 0;
    onConnection('live');
    buffer.push(event);
    if (buffer.length > REPLAY_BUFFER) buffer.splice(0, buffer.length - REPLAY_BUFFER);
    queryClient.setQueryData<RequestSnapshot>(key, (current) =>
      current && compareEventIds(event.id, current.lastEventId) > 0
        ? applyEvents(current, [event], current)
        : current,
    );
    // Only an open drawer or table row refetches; a closed one is marked stale.
    if (event.taskId) {
      void queryClient.invalidateQueries({
        queryKey: taskDetailQueryKey(id, event.taskId),
        exact: true,
      });
    }
    if (TERMINAL_EVENTS.has(event.type)) {
      // The log is complete; the server ends the stream. Do not let the browser reconnect, and
      // show the final state now rather than after the throttle.
      close();
      refetch.flush();
      onConnection('finished');
    } else {
      refetch();
    }
  };

  const open = () => {
    source = new EventSource(`/api/v1/requests/${id}/events?after=${lastSeen()}`);
    source.onopen = () => {
      errors = 0;
      onConnection('live');
      // Whatever changed between the snapshot and the stream opening is read once.
      refetch();
    };
    source.onmessage = onEvent;
    for (const type of EVENT_TYPES) source.addEventListener(type, onEvent);
    source.onerror = () => {
      if (stopped || !source) return;
      errors += 1;
      onConnection(errors >= OFFLINE_AFTER_ERRORS ? 'offline' : 'reconnecting');
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (an HTTP error): open a new stream after the last event seen.
        source = null;
        reopen = setTimeout(open, Math.min(30_000, 1_000 * 2 ** errors));
      }
      // Otherwise the browser reconnects by itself after `retry:` with Last-Event-ID.
    };
  };

  const close = () => {
    stopped = true;
    source?.close();
    source = null;
    if (reopen) clearTimeout(reopen);
  };

  open();
  return () => {
    close();
    refetch.cancel();
  };
}

/** The request's status badge, from the live cache. */
export function LiveRequestStatus() {
  const { snapshot } = useRequestLive();
  return (
    <span data-testid="request-status">
      <StatusBadge status={snapshot.status} />
    </span>
  );
}

/** "Live", "Reconnecting…", or what to do when the stream is gone. */
export function LiveIndicator() {
  const { connection, resume } = useRequestLive();
  if (connection === 'finished') return null;
  const text = {
    connecting: 'Connecting…',
    live: 'Live: updates as it runs.',
    reconnecting: 'Connection lost, reconnecting…',
    offline: 'Offline: updates paused.',
  }[connection];
  return (
    <p
      role="status"
      className="flex items-center gap-2 text-xs text-ink-muted"
      data-connection={connection}
    >
      <span
        aria-hidden="true"
        className={
          connection === 'live'
            ? 'inline-block size-1.5 animate-pulse rounded-full bg-status-running'
            : connection === 'offline'
              ? 'inline-block size-1.5 rounded-full bg-status-failed'
              : 'inline-block size-1.5 rounded-full bg-status-awaiting-approval'
        }
      />
      {text}
      {connection === 'offline' ? (
        <button
          type="button"
          onClick={resume}
          className="rounded-sm font-medium text-accent-700 underline hover:text-accent-600"
        >
          Reconnect
        </button>
      ) : null}
    </p>
  );
}
