import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '@/lib/errors';
import { CreatePriceSchema } from '@/lib/schemas/prices';
import { createTestDb } from '@/lib/testing/db';
import { createPrice, deletePrice, listPrices, updatePrice } from './prices';

const db = createTestDb();
const who = { actor: 'user:test', userId: null };
afterAll(async () => {
  await db.$disconnect();
});

const valid = {
  provider: 'acme',
  model: 'm-crud',
  inputPerMTokMicros: 3_000_000,
  outputPerMTokMicros: 15_000_000,
  effectiveFrom: '2026-12-01T00:00:00Z',
};

describe('the price table', () => {
  it.each([
    [{ inputPerMTokMicros: -1 }, 'inputPerMTokMicros', /negative/],
    [{ outputPerMTokMicros: 0.5 }, 'outputPerMTokMicros', /whole numbers/],
    [{ inputPerMTokMicros: 2e15 }, 'inputPerMTokMicros', /too large/],
    [{ inputPerMTokMicros: 'free' }, 'inputPerMTokMicros', /micro-dollars/],
    [{ effectiveFrom: 'soon' }, 'effectiveFrom', /ISO 8601/],
    [{ model: ' ' }, 'model', /Enter the model/],
  ])('%j is a field error on %s', (patch, field, message) => {
    const parsed = CreatePriceSchema.safeParse({ ...valid, ...patch });
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues.find((i) => i.path.join('.') === field);
    expect(issue?.message).toMatch(message);
  });

  it('creates, refuses a duplicate date, edits, lists and deletes (audited)', async () => {
    const created = await createPrice(db, CreatePriceSchema.parse(valid), who);
    expect(created).toMatchObject({
      inputPerMTokMicros: 3_000_000,
      outputPerMTokMicros: 15_000_000,
    });
    const again = await createPrice(db, CreatePriceSchema.parse(valid), who).catch(
      (e: unknown) => e,
    );
    expect(isAppError(again) && again.fields?.effectiveFrom).toMatch(/already has a price/);
    expect(await db.modelPrice.count({ where: { model: 'm-crud' } })).toBe(1);
    await updatePrice(db, created.id, { inputPerMTokMicros: 2_500_000 }, who);
    const page = await listPrices(db);
    expect(page.items.find((p) => p.id === created.id)?.inputPerMTokMicros).toBe(2_500_000);
    await deletePrice(db, created.id, who);
    const audit = await db.auditLog.findMany({
      where: { targetId: created.id },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((a) => a.action)).toEqual(['price.created', 'price.updated', 'price.deleted']);
  });
});
