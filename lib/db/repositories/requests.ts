import type { RequestStatus, RoutingStrategy } from '@/lib/engine';
import type { PrismaClient } from '../prisma';
import { clampPage, clampPageSize, type Page, type PageRequest } from './pagination';

/** Longest input excerpt a list row carries. */
export const SUMMARY_MAX_LENGTH = 120;

export interface RequestListItem {
  id: string;
  /** The start of the free-text input, or "Workflow" for an explicit workflow submission. */
  summary: string;
  status: RequestStatus;
  strategy: RoutingStrategy;
  costTotal: bigint;
  createdAt: Date;
  finishedAt: Date | null;
  /** From start (or submission, if it never started) to finish; null while unfinished. */
  durationMs: number | null;
}

/** All requests, newest first. */
export async function findRequests(
  db: PrismaClient,
  request: PageRequest,
): Promise<Page<RequestListItem>> {
  const pageSize = clampPageSize(request.pageSize);
  const total = await db.request.count();
  const page = clampPage(request.page, total, pageSize);
  const rows = await db.request.findMany({
    select: {
      id: true,
      input: true,
      status: true,
      strategy: true,
      costTotal: true,
      createdAt: true,
      startedAt: true,
      finishedAt: true,
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: (page - 1) * pageSize,
    take: pageSize,
  });
  const items = rows.map(({ input, startedAt, ...row }) => ({
    ...row,
    summary: summarizeInput(input),
    durationMs: row.finishedAt
      ? row.finishedAt.getTime() - (startedAt ?? row.createdAt).getTime()
      : null,
  }));
  return { items, total, page, pageSize };
}

/** One line of a request's input for tables; workflows have no free text. */
export function summarizeInput(input: string | null): string {
  const text = input?.replace(/\s+/g, ' ').trim();
  if (!text) return 'Workflow';
  return text.length <= SUMMARY_MAX_LENGTH ? text : `${text.slice(0, SUMMARY_MAX_LENGTH - 1)}…`;
}
