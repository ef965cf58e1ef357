import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '@/lib/errors';
import { CreatePriceSchema } from '@/lib/schemas/prices';
import { createTestDb } from '@/lib/testing/db';
import { createPrice, deletePrice, findPricesInEffect, listPrices, updatePrice } from './prices';

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

  it('marks, per provider and model, the latest row not after now as in effect', async () => {
    const add = (model: string, effectiveFrom: string, provider = 'acme') =>
      createPrice(db, CreatePriceSchema.parse({ ...valid, provider, model, effectiveFrom }), who);
    const old = await add('m-effect', '2026-01-01T00:00:00Z');
    const current = await add('m-effect', '2026-06-01T00:00:00Z');
    const future = await add('m-effect', '2027-01-01T00:00:00Z');
    const otherProvider = await add('m-effect', '2026-02-01T00:00:00Z', 'other');
    const onlyFuture = await add('m-effect-later', '2027-01-01T00:00:00Z');
    const now = new Date('2026-12-06T12:00:00Z');
    const rows = [old, current, future, otherProvider, onlyFuture];
    const inEffect = await findPricesInEffect(db, rows, now);
    expect([...inEffect].sort()).toEqual([current.id, otherProvider.id].sort());
    // The current row is found even when the page shows only an older one of the same model.
    expect([...(await findPricesInEffect(db, [old], now))]).toEqual([current.id]);
    expect((await findPricesInEffect(db, [], now)).size).toBe(0);
    // Once the future row's date has come, it takes over.
    const later = await findPricesInEffect(db, [old], new Date('2027-01-01T00:00:00Z'));
    expect([...later]).toEqual([future.id]);
  });
});
