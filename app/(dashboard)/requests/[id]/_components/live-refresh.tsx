'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { EVENT_TYPES } from '@/lib/server/execution/event-types';

/** At most one re-render of the page per this interval, however fast events arrive. */
const REFRESH_THROTTLE_MS = 500;
/** Without the event stream the page is re-read this often until the request finishes. */
const POLL_MS = 2_000;

type Mode = 'live' | 'polling';

/**
 * Keeps an unfinished request's page current: follows its event stream (Server-Sent Events) and
 * re-renders the page from the server on each event. When the stream fails — a proxy that buffers
 * it, or the stream ending as the request finishes — it re-reads the page every 2 s instead. Once
 * the server renders the request as finished, `isFinished` turns true and everything stops.
 */
export function LiveRefresh({ requestId, isFinished }: { requestId: string; isFinished: boolean }) {
  const router = useRouter();
  const [mode, setMode] = useState<Mode>('live');

  useEffect(() => {
    if (isFinished) return;
    let lastRefresh = 0;
    let pending: ReturnType<typeof setTimeout> | null = null;
    const refresh = () => {
      pending = null;
      lastRefresh = Date.now();
      router.refresh();
    };
    const scheduleRefresh = () => {
      if (pending) return;
      const wait = lastRefresh + REFRESH_THROTTLE_MS - Date.now();
      if (wait <= 0) refresh();
      else pending = setTimeout(refresh, wait);
    };

    let poll: ReturnType<typeof setInterval> | null = null;
    let source: EventSource | null = null;
    if (mode === 'polling' || typeof EventSource === 'undefined') {
      scheduleRefresh();
      poll = setInterval(scheduleRefresh, POLL_MS);
    } else {
      source = new EventSource(`/api/v1/requests/${requestId}/events`);
      // Unnamed events arrive as `message`; named ones (`event: task.succeeded`) only by name.
      source.onmessage = scheduleRefresh;
      // Whatever happened between this page's render and the stream opening is read once.
      source.onopen = scheduleRefresh;
      for (const type of EVENT_TYPES) source.addEventListener(type, scheduleRefresh);
      source.onerror = () => {
        source?.close();
        setMode('polling');
      };
    }
    return () => {
      source?.close();
      if (pending) clearTimeout(pending);
      if (poll) clearInterval(poll);
    };
  }, [requestId, isFinished, mode, router]);

  if (isFinished) return null;
  return (
    <p role="status" className="text-xs text-ink-muted">
      <span
        aria-hidden="true"
        className="mr-1.5 inline-block size-1.5 animate-pulse rounded-full bg-status-running align-middle"
      />
      {mode === 'live' ? 'Live: updates as it runs.' : 'Updating every 2 seconds.'}
    </p>
  );
}
