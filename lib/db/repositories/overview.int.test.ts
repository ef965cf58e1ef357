import { afterAll, describe, expect, it } from 'vitest';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import { getOverview } from './overview';

const db = createTestDb();
afterAll(() => db.$disconnect());

const NOW = new Date('2026-03-10T12:00:00Z');

describe('getOverview', () => {
  it('reports an empty install as zeros, with a zero-filled 7-day spend series', async () => {
    const overview = await getOverview(db, NOW);
    expect(overview.fleet.total).toBe(0);
    expect(overview.requests.recent).toEqual([]);
    expect(overview.spend.today).toBe(0n);
    expect(overview.spend.last7Days.map((d) => d.day)).toEqual([
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
      '2026-03-09',
      '2026-03-10',
    ]);
  });

  it('counts live agents by status, lists the ones needing attention and skips unregistered ones', async () => {
    const make = (status: 'ACTIVE' | 'FAILED' | 'DEGRADED', deleted = false) =>
      db.agent.create({
        data: {
          name: uniqueName('agent'),
          displayName: `Agent ${status}`,
          kind: 'webhook',
          endpointUrl: 'http://127.0.0.1:9/hook',
          status,
          statusReason: status === 'FAILED' ? '3 health checks failed' : null,
          deletedAt: deleted ? NOW : null,
          capabilities: { create: [{ name: 'summarize' }, { name: `cap-${status}` }] },
        },
      });
    await make('ACTIVE');
    await make('ACTIVE');
    await make('FAILED');
    await make('DEGRADED');
    await make('ACTIVE', true);

    const { fleet } = await getOverview(db, NOW);
    expect(fleet.total).toBe(4);
    expect(fleet.byStatus).toMatchObject({ ACTIVE: 2, FAILED: 1, DEGRADED: 1, MAINTENANCE: 0 });
    // summarize, cap-ACTIVE, cap-FAILED, cap-DEGRADED (the deleted agent's capabilities do not count)
    expect(fleet.capabilityCount).toBe(4);
    expect(fleet.attention.map((a) => a.status).sort()).toEqual(['DEGRADED', 'FAILED']);
    expect(fleet.attention.find((a) => a.status === 'FAILED')?.reason).toBe(
      '3 health checks failed',
    );
  });

  it('sums spend per UTC day from the ledger, exactly, in micro-dollars', async () => {
    const request = await db.request.create({
      data: {
        input: 'Calculate 15 * 7',
        submittedBy: 'system',
        status: 'succeeded',
        finishedAt: NOW,
      },
    });
    await db.costEntry.createMany({
      data: [
        {
          requestId: request.id,
          kind: 'agent',
          amount: 1_500_000n,
          createdAt: new Date('2026-03-10T01:00:00Z'),
        },
        {
          requestId: request.id,
          kind: 'planning',
          amount: 1n,
          createdAt: new Date('2026-03-10T23:59:59Z'),
        },
        {
          requestId: request.id,
          kind: 'agent',
          amount: 250_000n,
          createdAt: new Date('2026-03-08T10:00:00Z'),
        },
        // Outside the window: 8 days ago.
        {
          requestId: request.id,
          kind: 'agent',
          amount: 9_000_000n,
          createdAt: new Date('2026-03-02T10:00:00Z'),
        },
      ],
    });

    const { spend, requests } = await getOverview(db, NOW);
    expect(spend.today).toBe(1_500_001n);
    expect(spend.last7Days.find((d) => d.day === '2026-03-08')?.amount).toBe(250_000n);
    expect(spend.last7Days.reduce((sum, d) => sum + d.amount, 0n)).toBe(1_750_001n);
    expect(requests.recent[0]).toMatchObject({
      id: request.id,
      summary: 'Calculate 15 * 7',
      status: 'succeeded',
    });
  });
});
