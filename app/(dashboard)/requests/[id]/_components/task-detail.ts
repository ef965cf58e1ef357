'use client';

import { useQuery } from '@tanstack/react-query';
import type { TraceTask } from '@/lib/engine/graph';

/**
 * A task in full (input, output, full error, routing explanation, attempts with tokens and remote
 * ids), read when its node drawer or table row opens: the page's live view carries only summaries
 * (ADR 0060). The live stream invalidates `taskDetailQueryKey` on every event for the task, so an
 * open drawer reads it again (a retried node shows its second attempt without a reload); a closed
 * one is only marked stale and read on the next open.
 */
export const taskDetailQueryKey = (requestId: string, taskId: string) =>
  ['request-task', requestId, taskId] as const;

export async function fetchTaskDetail(requestId: string, taskId: string): Promise<TraceTask> {
  const response = await fetch(`/api/v1/requests/${requestId}/tasks/${taskId}`, {
    headers: { Accept: 'application/json' },
    cache: 'no-store',
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as {
      error?: { message?: string };
    } | null;
    throw new Error(
      body?.error?.message ?? `The task could not be read (HTTP ${response.status}).`,
    );
  }
  return ((await response.json()) as { data: TraceTask }).data;
}

export function useTaskDetail(requestId: string, taskId: string) {
  return useQuery({
    queryKey: taskDetailQueryKey(requestId, taskId),
    queryFn: () => fetchTaskDetail(requestId, taskId),
    refetchOnWindowFocus: false,
    // A 404 will not turn into a task by asking again; a dropped connection gets one more try.
    retry: 1,
  });
}
