import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '@/lib/testing/db';
import { findRequests, SUMMARY_MAX_LENGTH } from './requests';

const db = createTestDb();
const base = Date.UTC(2026, 0, 1);

beforeAll(async () => {
  await db.request.createMany({
    data: [
      {
        input: '  Add   2 and 3\n please ',
        submittedBy: 'system',
        status: 'succeeded',
        costTotal: 1_500n,
        createdAt: new Date(base),
        startedAt: new Date(base + 1_000),
        finishedAt: new Date(base + 4_500),
      },
      {
        input: null,
        workflow: { tasks: [] },
        submittedBy: 'system',
        status: 'running',
        createdAt: new Date(base + 60_000),
      },
      {
        input: 'x'.repeat(500),
        submittedBy: 'system',
        status: 'failed',
        createdAt: new Date(base + 120_000),
        finishedAt: new Date(base + 125_000),
      },
      {
        input: null,
        workflow: { tasks: [] },
        title: 'Nightly report → email',
        submittedBy: 'system',
        status: 'awaiting_approval',
        createdAt: new Date(base - 60_000),
      },
    ],
  });
});

afterAll(async () => {
  await db.$disconnect();
});

describe('findRequests', () => {
  it('lists requests newest first with a one-line summary and duration', async () => {
    const page = await findRequests(db, { page: 1, pageSize: 25 });
    expect(page.total).toBe(4);
    const [long, workflow, short, titled] = page.items;

    expect(long?.summary).toHaveLength(SUMMARY_MAX_LENGTH);
    expect(long?.summary.endsWith('…')).toBe(true);
    // Never started: measured from submission.
    expect(long?.durationMs).toBe(5_000);

    expect(workflow).toMatchObject({ summary: 'Workflow', status: 'running', durationMs: null });

    expect(short).toMatchObject({
      summary: 'Add 2 and 3 please',
      costTotal: 1_500n,
      strategy: 'capability',
      durationMs: 3_500,
    });

    // A workflow is listed by its title; one stored before titles existed says "Workflow".
    expect(titled?.summary).toBe('Nightly report → email');
  });

  it('searches workflow titles as well as input text', async () => {
    const page = await findRequests(db, { page: 1, pageSize: 25, q: 'nightly' });
    expect(page.items.map((i) => i.summary)).toEqual(['Nightly report → email']);
  });
});
