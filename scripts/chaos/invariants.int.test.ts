/**
 * The chaos run's invariants must see what they claim to see: a request still open, a second
 * terminal event, a slot still held, a reservation still held. Built on rows a run could leave.
 */
import { afterAll, expect, it } from 'vitest';
import { submitRequest } from '@/lib/server/execution/submit';
import { createTestDb } from '@/lib/testing/db';
import { registerAgent } from '@/lib/testing/execution';
import { checkInvariants, violations } from './invariants';

const db = createTestDb();
afterAll(() => db.$disconnect());

it('counts each kind of violation, and none once the run ended cleanly', async () => {
  const agent = await registerAgent(db, {
    endpointUrl: 'http://127.0.0.1:9/hook',
    capabilities: ['crunch'],
  });
  const { id } = await submitRequest(
    db,
    { workflow: { tasks: [{ ref: 'a', capability: 'crunch', input: 'x' }] } },
    { userId: null, label: 'invariants' },
  );

  // Still running: lost, and no terminal event yet.
  const open = await checkInvariants(db);
  expect(open.lost).toBeGreaterThanOrEqual(1);
  expect(open.terminalEventsNotOne).toBe(1);

  // Ended once, every task ended: clean.
  await db.task.updateMany({ where: { requestId: id }, data: { status: 'cancelled' } });
  await db.request.update({ where: { id }, data: { status: 'cancelled', finishedAt: new Date() } });
  await db.event.create({ data: { requestId: id, type: 'request.cancelled' } });
  const clean = await checkInvariants(db);
  expect(clean).toMatchObject({ requests: 1, lost: 0, terminalEventsNotOne: 0, slotsHeld: 0 });
  expect(violations(clean)).toBe(0);

  // Ended twice, and a slot never given back.
  await db.event.create({ data: { requestId: id, type: 'request.failed' } });
  await db.agent.update({ where: { id: agent.id }, data: { inFlight: 2 } });
  const broken = await checkInvariants(db);
  expect(broken.terminalEventsNotOne).toBe(1);
  expect(broken.slotsHeld).toBe(1);
  expect(violations(broken)).toBe(2);
});
