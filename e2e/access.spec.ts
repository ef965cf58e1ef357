/**
 * The access-control matrix, enforced for real over HTTP against the production server. Pages and
 * API routes are enumerated from app/ on disk, so a route added later is covered automatically —
 * and fails here until lib/auth/access-matrix.ts says who may use it.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import {
  API_ACCESS,
  MUTATING_METHODS,
  PAGE_ACCESS,
  PER_CALL_ACCESS_ROUTES,
  type Access,
  type HttpMethod,
} from '../lib/auth/access-matrix';
import { USER_ROLES, type UserRole } from '../lib/engine';
import { expect, test } from './support/fixtures';
import { listApiRoutes, listPages, urlOf } from './support/routes';

const RANK: Record<Access, number> = { public: 0, viewer: 1, operator: 2, admin: 3 };
const pages = listPages();
const apiRoutes = listApiRoutes();

test('[ACCESS]: every page and every API method is in the access matrix', () => {
  expect(pages.length).toBeGreaterThan(5);
  expect(apiRoutes.length).toBeGreaterThan(0);
  const missingPages = pages.filter((route) => !(route in PAGE_ACCESS));
  const missingApi = apiRoutes.flatMap(({ route, methods }) =>
    methods.filter((method) => !API_ACCESS[route]?.[method]).map((method) => `${method} ${route}`),
  );
  expect(missingPages, 'pages missing from PAGE_ACCESS').toEqual([]);
  expect(missingApi, 'API methods missing from API_ACCESS').toEqual([]);
});

test('[ACCESS]: anonymous visitors are sent to sign-in from every non-public page', async ({
  request,
}) => {
  for (const route of pages) {
    const response = await request.get(urlOf(route), { maxRedirects: 0 });
    if (PAGE_ACCESS[route] === 'public') {
      expect([200, 307, 404], `${route} is public`).toContain(response.status());
      expect(response.headers()['location'] ?? '').not.toMatch(/\/sign-in/);
    } else {
      expect(response.status(), route).toBe(307);
      expect(response.headers()['location'], route).toMatch(/\/sign-in\?next=/);
    }
  }
});

test('[ACCESS]: anonymous API calls get 401 with the JSON error shape', async ({ request }) => {
  for (const { route, methods } of apiRoutes) {
    for (const method of methods) {
      const response = await request.fetch(urlOf(route), {
        method,
        data: method === 'GET' ? undefined : {},
      });
      if (API_ACCESS[route]![method] === 'public') {
        expect(response.status(), `${method} ${route}`).not.toBe(401);
        continue;
      }
      expect(response.status(), `${method} ${route}`).toBe(401);
      expect(await response.json()).toMatchObject({
        error: { code: 'UNAUTHENTICATED', message: expect.any(String) },
      });
    }
  }
});

test('[ACCESS]: each role reaches exactly the API methods the matrix gives it', async ({
  request,
  createToken,
}) => {
  const tokens = Object.fromEntries(
    await Promise.all(USER_ROLES.map(async (role) => [role, await createToken(role)] as const)),
  ) as Record<UserRole, string>;

  for (const { route, methods } of apiRoutes) {
    for (const method of methods) {
      const required = API_ACCESS[route]![method]!;
      for (const role of USER_ROLES) {
        const response = await request.fetch(urlOf(route), {
          method,
          headers: { Authorization: `Bearer ${tokens[role]}` },
          data: method === 'GET' ? undefined : {},
        });
        const label = `${role} → ${method} ${route} (needs ${required})`;
        if (RANK[role] >= RANK[required]) {
          expect([401, 403], label).not.toContain(response.status());
        } else {
          expect(response.status(), label).toBe(403);
          expect((await response.json()).error.code, label).toBe('FORBIDDEN');
        }
      }
      // The brief's own example: a viewer's token never changes anything (per-call routes check
      // each call instead: the MCP test below).
      if (
        (MUTATING_METHODS as readonly HttpMethod[]).includes(method) &&
        required !== 'public' &&
        !PER_CALL_ACCESS_ROUTES.includes(route)
      ) {
        expect(RANK[required], `${method} ${route} must need more than viewer`).toBeGreaterThan(
          RANK.viewer,
        );
      }
    }
  }
});

test('[ACCESS][MCP]: a viewer token reads through /api/mcp but cannot cancel a request', async ({
  baseURL,
  createToken,
  db,
}) => {
  const connect = async (role: UserRole) => {
    const client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL('/api/mcp', baseURL), {
        requestInit: { headers: { Authorization: `Bearer ${await createToken(role)}` } },
      }),
    );
    return client;
  };
  const operator = await connect('operator');
  const viewer = await connect('viewer');
  try {
    const submitted = (await operator.callTool({
      name: 'submit_request',
      arguments: { input: 'Calculate 6 * 7', requiresApproval: true },
    })) as CallToolResult;
    expect(submitted.isError).toBeFalsy();
    const { id } = submitted.structuredContent as { id: string };

    const listed = (await viewer.callTool({
      name: 'list_agents',
      arguments: {},
    })) as CallToolResult;
    expect(listed.isError).toBeFalsy();
    const refused = (await viewer.callTool({
      name: 'cancel_request',
      arguments: { id },
    })) as CallToolResult;
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain('needs the operator role');
    expect((await db.request.findUniqueOrThrow({ where: { id } })).status).not.toBe('cancelled');

    const cancelled = (await operator.callTool({
      name: 'cancel_request',
      arguments: { id },
    })) as CallToolResult;
    expect(cancelled.structuredContent).toMatchObject({ status: 'cancelled' });
    // Leave the shared e2e database as found: the overview spec checks the no-request state.
    await db.request.delete({ where: { id } });
  } finally {
    await Promise.all([operator.close(), viewer.close()]);
  }
});

test('[ACCESS]: a token works until it is revoked; garbage never does', async ({
  request,
  createToken,
}) => {
  const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
  expect((await request.get('/api/v1/me', bearer('baton_not-a-token'))).status()).toBe(401);
  expect(
    (await request.get('/api/v1/me', { headers: { Authorization: 'Basic abc' } })).status(),
  ).toBe(401);

  const admin = await createToken('admin');
  const victim = await createToken('viewer');
  const me = await request.get('/api/v1/me', bearer(victim));
  expect(me.status()).toBe(200);
  const { id } = (await me.json()).data;

  const revoked = await request.delete(`/api/v1/tokens/${id}`, bearer(admin));
  expect(revoked.status()).toBe(200);
  expect((await request.get('/api/v1/me', bearer(victim))).status()).toBe(401);
});

test('[ACCESS]: each role sees exactly the pages the matrix gives it', async ({
  browser,
  createUser,
  signIn,
}) => {
  for (const role of USER_ROLES) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, await createUser(role));
    for (const route of pages.filter((r) => PAGE_ACCESS[r] !== 'public')) {
      const response = await page.request.get(urlOf(route), { maxRedirects: 0 });
      const required = PAGE_ACCESS[route]!;
      const label = `${role} → ${route} (needs ${required})`;
      if (RANK[role] >= RANK[required]) {
        expect([200, 404], label).toContain(response.status());
      } else {
        expect(response.status(), label).toBe(403);
      }
    }
    await context.close();
  }
});

test('[ACCESS][TOKENS]: an expiry is validated, and a token stops working when it expires', async ({
  request,
  createToken,
}) => {
  const admin = { headers: { Authorization: `Bearer ${await createToken('admin')}` } };
  for (const [expiresAt, message] of [
    ['yesterday', /not a date/],
    ['2020-01-01', /in the future/],
    [12345, /date/],
  ] as const) {
    const refused = await request.post('/api/v1/tokens', {
      ...admin,
      data: { name: 'bad expiry', role: 'viewer', expiresAt },
    });
    expect(refused.status()).toBe(400);
    const { error } = (await refused.json()) as { error: { fields: Record<string, string> } };
    expect(error.fields.expiresAt).toMatch(message);
  }
  // A misspelt field is named, not dropped (it used to yield a token that never expires).
  const misspelt = await request.post('/api/v1/tokens', {
    ...admin,
    data: { name: 'typo', role: 'viewer', expiresAtt: '2030-01-01' },
  });
  expect(misspelt.status()).toBe(400);
  expect(((await misspelt.json()) as { error: { fields: object } }).error.fields).toEqual({
    expiresAtt: 'Unknown field "expiresAtt".',
  });
  const before = await request.get('/api/v1/tokens?pageSize=100', admin);
  expect((await before.json()).items.some((t: { name: string }) => t.name === 'typo')).toBe(false);

  const soon = new Date(Date.now() + 3_000).toISOString();
  const created = await request.post('/api/v1/tokens', {
    ...admin,
    data: { name: 'short-lived', role: 'viewer', expiresAt: soon },
  });
  expect(created.status()).toBe(201);
  const { data } = (await created.json()) as { data: { token: string; expiresAt: string } };
  expect(data.expiresAt).toBe(soon);
  const bearer = { headers: { Authorization: `Bearer ${data.token}` } };
  expect((await request.get('/api/v1/me', bearer)).status()).toBe(200);
  await expect
    .poll(async () => (await request.get('/api/v1/me', bearer)).status(), { timeout: 15_000 })
    .toBe(401);
});

test('[API][AGENTS]: an empty PATCH is refused and changes nothing', async ({
  request,
  createToken,
}) => {
  const operator = { headers: { Authorization: `Bearer ${await createToken('operator')}` } };
  const list = await request.get('/api/v1/agents?pageSize=1', operator);
  const { id } = ((await list.json()).items as { id: string }[])[0]!;
  const detail = await request.get(`/api/v1/agents/${id}`, operator);
  const agent = (await detail.json()).data as { id: string; updatedAt: string };
  const response = await request.patch(`/api/v1/agents/${agent!.id}`, { ...operator, data: {} });
  expect(response.status()).toBe(400);
  expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
    'Send at least one field to change.',
  );
  const after = await request.get(`/api/v1/agents/${agent!.id}`, operator);
  expect((await after.json()).data.updatedAt).toBe(agent!.updatedAt);
});
