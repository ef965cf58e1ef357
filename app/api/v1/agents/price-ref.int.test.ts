/**
 * An agent references a model price from the price table (issue 9): POST and PATCH
 * /api/v1/agents accept `priceProvider` + `priceModel`, both or neither, and only a pair that the
 * price table holds; a refused call writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as agentRoute from '@/app/api/v1/agents/[id]/route';
import * as agentsRoute from '@/app/api/v1/agents/route';
import { getDb } from '@/lib/db/client';
import { createApiToken } from '@/lib/db/repositories/api-tokens';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import { startRouteServer, type RouteServer } from '@/lib/testing/route-server';

const db = createTestDb();
let server: RouteServer;
let token: string;
const provider = uniqueName('acme');
const model = uniqueName('gpt-x');

beforeAll(async () => {
  server = await startRouteServer({
    'POST /api/v1/agents': agentsRoute.POST,
    'PATCH /api/v1/agents/:id': agentRoute.PATCH,
  });
  token = (await createApiToken(db, { name: uniqueName('price-ref'), role: 'operator' })).token;
  await db.modelPrice.create({
    data: {
      provider,
      model,
      inputPerMTok: 2_000_000n,
      outputPerMTok: 4_000_000n,
      effectiveFrom: new Date('2026-01-01T00:00:00Z'),
    },
  });
});

afterAll(async () => {
  await server.close();
  await db.$disconnect();
  await getDb().$disconnect();
});

type ErrorBody = { error: { code: string; fields?: Record<string, string> } };

const call = (method: string, path: string, body: unknown) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

const webhook = (name: string, extra: object = {}) => ({
  kind: 'webhook',
  name,
  endpointUrl: 'https://agents.example.com/hook',
  capabilities: [{ name: 'summarize' }],
  ...extra,
});

describe('agent price reference over the API', () => {
  it('registers an agent that references a model price and stores the pair', async () => {
    const name = uniqueName('priced');
    const res = await call(
      'POST',
      '/api/v1/agents',
      webhook(name, { priceProvider: provider, priceModel: model }),
    );
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: { id: string } };
    const row = await db.agent.findUniqueOrThrow({ where: { id: data.id } });
    expect([row.priceProvider, row.priceModel]).toEqual([provider, model]);
  });

  it('refuses a provider without a model, naming the missing field, and writes nothing', async () => {
    const name = uniqueName('half');
    const res = await call('POST', '/api/v1/agents', webhook(name, { priceProvider: provider }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.fields?.priceModel).toMatch(/both/);
    expect(await db.agent.count({ where: { name } })).toBe(0);
  });

  it('refuses a pair the price table does not hold, naming priceModel, and writes nothing', async () => {
    const name = uniqueName('unknown');
    const res = await call(
      'POST',
      '/api/v1/agents',
      webhook(name, { priceProvider: provider, priceModel: 'no-such-model' }),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.fields?.priceModel).toContain(`${provider}/no-such-model`);
    expect(await db.agent.count({ where: { name } })).toBe(0);
  });

  it('edits the reference with PATCH, refuses a bad pair unchanged, and clears it with nulls', async () => {
    const res = await call('POST', '/api/v1/agents', webhook(uniqueName('edit')));
    const { data } = (await res.json()) as { data: { id: string } };
    const path = `/api/v1/agents/${data.id}`;
    const stored = () =>
      db.agent.findUniqueOrThrow({
        where: { id: data.id },
        select: { priceProvider: true, priceModel: true },
      });

    const patched = await call('PATCH', path, { priceProvider: provider, priceModel: model });
    expect(patched.status).toBe(200);
    // The answer (the agent's detail, as GET returns it) shows the reference.
    expect(((await patched.json()) as { data: { priceModel: string } }).data.priceModel).toBe(
      model,
    );
    expect(await stored()).toEqual({ priceProvider: provider, priceModel: model });

    const unknown = await call('PATCH', path, { priceProvider: provider, priceModel: 'nope' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as ErrorBody).error.fields?.priceModel).toBeTruthy();
    const half = await call('PATCH', path, { priceModel: model });
    expect(half.status).toBe(400);
    expect(((await half.json()) as ErrorBody).error.fields?.priceProvider).toMatch(/both/);
    expect(await stored()).toEqual({ priceProvider: provider, priceModel: model });

    expect((await call('PATCH', path, { priceProvider: null, priceModel: null })).status).toBe(200);
    expect(await stored()).toEqual({ priceProvider: null, priceModel: null });
  });
});
