/**
 * 4. Bad input (issue 12): at least 10,000 generated bad payloads (scripts/chaos/payloads.ts)
 * against every mutating API route (POST/PUT/PATCH/DELETE under app/api, path params both real ids
 * and junk) and every server action (POSTed to its page with `Next-Action: <id>`, ids from the
 * build's server-reference-manifest.json, bodies encoded as React's encodeReply does: multipart
 * with a `0` part naming the FormData `$K1`, or a JSON argument list as text/plain).
 *
 * Every payload is invalid by construction: route bodies that the route's own zod schema would
 * accept are regenerated, JSON-RPC bodies never name a method, and every action payload carries
 * junk in at least one strictly typed field (an id, an enum, an email, a number). So any 2xx that
 * is not a JSON-RPC error, any action answer with `ok: true`, any response ≥ 500, any action answer
 * `INTERNAL`, and any changed row count (every table in the public schema, count(*) before and
 * after) is a failure.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import pg from 'pg';
import type { ZodType } from 'zod';
import { createAuth } from '@/lib/auth/auth-instance';
import { createUserWithPassword } from '@/lib/auth/users';
import { deriveKey } from '@/lib/crypto/secrets';
import { createPrismaClient, type PrismaClient } from '@/lib/db/prisma';
import { createApiToken } from '@/lib/db/repositories/api-tokens';
import {
  ChangeAgentStatusSchema,
  RegisterAgentSchema,
  UpdateAgentSchema,
} from '@/lib/schemas/agents';
import { CreateApiTokenSchema } from '@/lib/schemas/auth';
import { CreateBudgetSchema, UpdateBudgetSchema } from '@/lib/schemas/budgets';
import { CreatePriceSchema, UpdatePriceSchema } from '@/lib/schemas/prices';
import {
  ApproveRequestSchema,
  CancelRequestSchema,
  SubmitRequestSchema,
  TaskActionSchema,
} from '@/lib/schemas/requests';
import { registerAgent } from '@/lib/testing/execution';
import { seedLargeRequest } from '@/lib/testing/large-request';
import { PROJECT_ROOT } from '../lib/database';
import { badPayload, type Payload, type PayloadClass } from './payloads';
import { checkInvariants, violations } from './invariants';
import {
  CHAOS_SECRET,
  sleep,
  startWebServer,
  stopGracefully,
  waitForHealthy,
  treeRssKiB,
  type Started,
} from './processes';
import type { ScenarioContext, ScenarioReport } from './scenarios';

type Auth = 'admin' | 'viewer' | 'none';
type IdMode = 'real' | 'unknown' | 'junk';

/** Real rows the fuzz can aim at (path params, bound ids), created before the first payload. */
interface Fixtures {
  agentId: string;
  budgetId: string;
  priceId: string;
  requestId: string;
  taskId: string;
  tokenId: string;
  userId: string;
}

interface Credentials {
  adminTokens: string[];
  viewerToken: string;
  adminCookie: string;
  viewerCookie: string;
}

interface RouteTarget {
  kind: 'route' | 'jsonrpc';
  name: string;
  method: 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  /** The path for a given id mode (routes without params ignore it). */
  path: (mode: IdMode, fx: Fixtures) => string;
  hasParams: boolean;
  fields: readonly string[];
  /** The route's body schema: a generated body it would accept is regenerated. */
  schema?: ZodType;
  /** The route reads the body with readOptionalJson (an empty body is `{}`). */
  optionalBody?: boolean;
  /** DELETE ignores its body: a real id with the admin would delete, so real ids go unauthorised. */
  destructive?: boolean;
}

interface ActionTarget {
  kind: 'action';
  name: string;
  id: string;
  /** The page it is posted to (from the manifest's first worker). */
  page: (fx: Fixtures) => string;
  fields: readonly string[];
  /** Fields that always get a value the action must refuse (junk, or an id no row has). */
  poison: readonly string[];
  /** How the arguments are laid out: (prev, formData), (boundId, prev, formData), (object), (). */
  shape: 'form' | 'bound-form' | 'object' | 'none';
  /** The bound id or the real-id fields take the fixture of this name when idMode is 'real'. */
  realIds?: Partial<Record<string, keyof Fixtures>>;
  /** Only ever called without a session (sign-out with a session would delete it). */
  anonymousOnly?: boolean;
}

type Target = RouteTarget | ActionTarget;

const JUNK_IDS = [
  'not-a-uuid',
  '0',
  '-1',
  '00000000-0000-0000-0000-00000000000g',
  '%00',
  '%ff%fe',
  '..%2f..%2fetc%2fpasswd',
  '%F0%9F%98%80',
  'x'.repeat(2_000),
  "1' OR '1'='1",
  '%7B%22a%22%3A1%7D',
];

const POISON = [
  'x\u0000y',
  'not a valid value ☃',
  '-1e999',
  '../../etc/passwd',
  '00000000-0000-0000-0000-00000000000g',
  '<script>1</script>',
];

function pick<T>(items: readonly T[], n: number): T {
  return items[Math.abs(n) % items.length]!;
}

function idFor(mode: IdMode, real: string, n: number): string {
  if (mode === 'real') return real;
  if (mode === 'unknown') return randomUUID();
  return pick(JUNK_IDS, n);
}

const keys = (schema: ZodType): string[] => {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : ['name'];
};

const RPC_FIELDS = ['jsonrpc', 'id', 'method', 'params'];

/** Every mutating route under app/api (tests/chaos fuzz.test.ts checks the list is complete). */
export const ROUTE_TARGETS: readonly RouteTarget[] = [
  route('POST', '/api/v1/agents', RegisterAgentSchema),
  route('PATCH', '/api/v1/agents/[id]', UpdateAgentSchema),
  route('DELETE', '/api/v1/agents/[id]'),
  route('POST', '/api/v1/agents/[id]/status', ChangeAgentStatusSchema),
  route('POST', '/api/v1/budgets', CreateBudgetSchema),
  route('PATCH', '/api/v1/budgets/[id]', UpdateBudgetSchema),
  route('DELETE', '/api/v1/budgets/[id]'),
  route('POST', '/api/v1/prices', CreatePriceSchema),
  route('PATCH', '/api/v1/prices/[id]', UpdatePriceSchema),
  route('DELETE', '/api/v1/prices/[id]'),
  route('POST', '/api/v1/requests', SubmitRequestSchema),
  route('POST', '/api/v1/requests/[id]/approve', ApproveRequestSchema, true),
  route('POST', '/api/v1/requests/[id]/cancel', CancelRequestSchema, true),
  route('POST', '/api/v1/requests/[id]/tasks/[taskId]/actions', TaskActionSchema),
  route('POST', '/api/v1/tokens', CreateApiTokenSchema),
  route('DELETE', '/api/v1/tokens/[id]'),
  rpc('/api/a2a'),
  rpc('/api/a2a/builtin/[name]'),
  rpc('/api/mcp'),
];

function fixtureFor(template: string): keyof Fixtures {
  if (template.startsWith('/api/v1/agents')) return 'agentId';
  if (template.startsWith('/api/v1/budgets')) return 'budgetId';
  if (template.startsWith('/api/v1/prices')) return 'priceId';
  if (template.startsWith('/api/v1/tokens')) return 'tokenId';
  return 'requestId';
}

function route(
  method: RouteTarget['method'],
  template: string,
  schema?: ZodType,
  optionalBody = false,
): RouteTarget {
  const hasParams = template.includes('[');
  return {
    kind: 'route',
    name: `${method} ${template}`,
    method,
    hasParams,
    fields: schema ? keys(schema) : ['id', 'reason'],
    schema,
    optionalBody,
    destructive: method === 'DELETE',
    path: (mode, fx) => {
      let n = 0;
      return template
        .replace('[id]', () => idFor(mode, fx[fixtureFor(template)], n++))
        .replace('[taskId]', () => idFor(mode, fx.taskId, n++ + 3));
    },
  };
}

function rpc(template: string): RouteTarget {
  return {
    kind: 'jsonrpc',
    name: `POST ${template}`,
    method: 'POST',
    hasParams: template.includes('['),
    fields: RPC_FIELDS,
    path: (mode) => template.replace('[name]', mode === 'junk' ? pick(JUNK_IDS, 3) : 'summarizer'),
  };
}

/** What each server action reads, and which of its fields always get junk. */
const ACTION_SPECS: Record<
  string,
  Pick<ActionTarget, 'fields' | 'poison' | 'shape' | 'realIds' | 'anonymousOnly'>
> = {
  setupAdminAction: {
    fields: ['email', 'name', 'password', 'confirmPassword'],
    poison: ['email'],
    shape: 'form',
  },
  signInAction: { fields: ['email', 'password', 'next'], poison: ['email'], shape: 'form' },
  signOutAction: { fields: [], poison: [], shape: 'none', anonymousOnly: true },
  decideProposalAction: {
    fields: ['proposalId', 'decision'],
    poison: ['proposalId'],
    shape: 'form',
  },
  acknowledgeDriftAction: {
    fields: ['agentId'],
    poison: ['agentId'],
    shape: 'form',
    realIds: { agentId: 'agentId' },
  },
  changeAgentStatusAction: {
    fields: ['agentId', 'status', 'reason'],
    poison: ['agentId'],
    shape: 'form',
    realIds: { agentId: 'agentId' },
  },
  unregisterAgentAction: {
    fields: ['agentId'],
    poison: ['agentId'],
    shape: 'form',
    realIds: { agentId: 'agentId' },
  },
  updateAgentAction: {
    fields: ['name', 'displayName', 'description', 'endpointUrl', 'maxConcurrentTasks', 'weight'],
    poison: ['$bound'],
    shape: 'bound-form',
    realIds: { $bound: 'agentId' },
  },
  previewAgentCardAction: {
    fields: ['kind', 'endpointUrl', 'secret'],
    poison: ['endpointUrl'],
    shape: 'object',
  },
  registerAgentAction: {
    fields: ['kind', 'name', 'endpointUrl', 'capabilities', 'maxConcurrentTasks', 'pricePerCall'],
    poison: ['kind', 'endpointUrl'],
    shape: 'form',
  },
  createBudgetAction: {
    fields: ['name', 'limit', 'mode', 'period', 'scope', 'target'],
    poison: ['limit'],
    shape: 'form',
  },
  deleteBudgetAction: {
    fields: ['id'],
    poison: ['id'],
    shape: 'form',
    realIds: { id: 'budgetId' },
  },
  updateBudgetAction: {
    fields: ['id', 'name', 'limit', 'mode', 'thresholds'],
    poison: ['id'],
    shape: 'form',
    realIds: { id: 'budgetId' },
  },
  submitRequestAction: {
    fields: ['kind', 'input', 'workflow', 'planner', 'strategy', 'budget', 'deadlineSeconds'],
    poison: ['kind', 'planner'],
    shape: 'form',
  },
  decideApprovalAction: {
    fields: ['requestId', 'decision', 'reason'],
    poison: ['requestId'],
    shape: 'form',
    realIds: { requestId: 'requestId' },
  },
  cancelRequestAction: {
    fields: ['requestId', 'reason'],
    poison: ['requestId'],
    shape: 'form',
    realIds: { requestId: 'requestId' },
  },
  taskActionAction: {
    fields: ['requestId', 'taskId', 'action'],
    poison: ['requestId', 'taskId'],
    shape: 'form',
    realIds: { requestId: 'requestId', taskId: 'taskId' },
  },
  updatePlannerAction: { fields: ['agentId'], poison: ['agentId'], shape: 'form' },
  updateRoutingDefaultAction: {
    fields: ['strategy', 'agentId', 'model'],
    poison: ['strategy'],
    shape: 'form',
  },
  updateEmbeddingsAction: { fields: ['agentId', 'model'], poison: ['agentId'], shape: 'form' },
  createPriceAction: {
    fields: ['provider', 'model', 'inputPerMTok', 'outputPerMTok', 'effectiveFrom'],
    poison: ['inputPerMTok'],
    shape: 'form',
  },
  deletePriceAction: {
    fields: ['id'],
    poison: ['id'],
    shape: 'form',
    realIds: { id: 'priceId' },
  },
  updatePriceAction: {
    fields: ['id', 'inputPerMTok', 'outputPerMTok'],
    poison: ['id'],
    shape: 'form',
    realIds: { id: 'priceId' },
  },
  createApiTokenAction: { fields: ['name', 'role', 'expiresAt'], poison: ['role'], shape: 'form' },
  revokeApiTokenAction: {
    fields: ['tokenId'],
    poison: ['tokenId'],
    shape: 'form',
    realIds: { tokenId: 'tokenId' },
  },
  createUserAction: {
    fields: ['email', 'name', 'password', 'role'],
    poison: ['email', 'role'],
    shape: 'form',
  },
  updateUserRoleAction: {
    fields: ['userId', 'role'],
    poison: ['userId'],
    shape: 'form',
    realIds: { userId: 'userId' },
  },
  setUserDisabledAction: {
    fields: ['userId', 'disabled'],
    poison: ['userId'],
    shape: 'form',
    realIds: { userId: 'userId' },
  },
};

interface ManifestEntry {
  workers: Record<string, unknown>;
  exportedName?: string;
  filename?: string;
}

/** The server actions of the build, each with its page; fails on an action the specs miss. */
export async function actionTargets(): Promise<ActionTarget[]> {
  const manifest = JSON.parse(
    await readFile(path.join(PROJECT_ROOT, '.next/server/server-reference-manifest.json'), 'utf8'),
  ) as { node: Record<string, ManifestEntry> };
  const targets: ActionTarget[] = [];
  for (const [id, entry] of Object.entries(manifest.node)) {
    const name = entry.exportedName ?? id;
    const spec = ACTION_SPECS[name];
    if (!spec) throw new Error(`fuzz: no spec for server action ${name} (${entry.filename})`);
    const worker = Object.keys(entry.workers).sort()[0]!;
    targets.push({ kind: 'action', name: `action ${name}`, id, page: pageOf(worker), ...spec });
  }
  const missing = Object.keys(ACTION_SPECS).filter(
    (n) => !targets.some((t) => t.name === `action ${n}`),
  );
  if (missing.length > 0) throw new Error(`fuzz: the build has no action ${missing.join(', ')}`);
  return targets;
}

/** `app/(dashboard)/agents/[id]/page` → `/agents/<agent id>`. */
function pageOf(worker: string): (fx: Fixtures) => string {
  return (fx) => {
    const segments = worker
      .replace(/^app\//, '')
      .replace(/\/?page$/, '')
      .split('/')
      .filter((s) => s && !/^\(.*\)$/.test(s));
    const out = segments.map((s, i) =>
      s === '[id]' ? (segments[i - 1] === 'requests' ? fx.requestId : fx.agentId) : s,
    );
    return `/${out.join('/')}`;
  };
}

/** Would the route accept this body? (Its schema after readJson / readOptionalJson.) */
export function routeWouldAccept(target: RouteTarget, payload: Payload): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(payload.body);
  } catch {
    // The server refuses a body that is not UTF-8 (MALFORMED_REQUEST, ADR 0057 addendum).
    return false;
  }
  let value: unknown;
  if (target.optionalBody && !text.trim()) value = {};
  else {
    try {
      value = JSON.parse(text) as unknown;
    } catch {
      return false;
    }
  }
  if (target.kind === 'jsonrpc') {
    const method = (value as { method?: unknown } | null)?.method;
    return typeof method === 'string';
  }
  if (target.method === 'DELETE') return false;
  return target.schema ? target.schema.safeParse(value).success : false;
}

export interface Sent {
  target: string;
  kind: PayloadClass;
  auth: Auth;
  idMode: IdMode;
  status: number;
  /** 2xx answered with a JSON-RPC error object (a refusal). */
  rpcError: boolean;
  /** Action answered `ok: true`, or a 2xx that is not a refusal. */
  accepted: boolean;
  /** Action answered `code: INTERNAL` (an unexpected error hidden in a 200). */
  internal: boolean;
  sample: string;
}

/** A multipart body as React's encodeReply sends a FormData argument (raw bytes kept raw). */
function multipart(
  root: string,
  fields: [string, Buffer | string][],
): { contentType: string; body: Buffer } {
  const boundary = `----chaosfuzz${randomUUID().replace(/-/g, '')}`;
  const parts: Buffer[] = [];
  const part = (name: string, value: Buffer | string) =>
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`),
      Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8'),
      Buffer.from('\r\n'),
    );
  // React names the parts of FormData argument $K1 `_1_<name>` (encodeReply's prefix is "").
  for (const [name, value] of fields) part(`_1_${name}`, value);
  part('0', root);
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(parts) };
}

const formValue = (value: unknown): string =>
  typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));

/** The request for one action payload: its form fields from the payload, poison in strict fields. */
export function actionRequest(
  target: ActionTarget,
  payload: Payload,
  seed: number,
  idMode: IdMode,
  fx: Fixtures,
): { contentType: string | null; body: Buffer } {
  const poisonValue = (field: string, n: number): string => {
    const real = target.realIds?.[field];
    if (idMode === 'real' && real) return fx[real];
    return n % 3 === 0 ? randomUUID() : pick(POISON, n);
  };
  const bound = target.shape === 'bound-form' ? [JSON.stringify(poisonValue('$bound', seed))] : [];
  const rootFor = (formRef: string) =>
    target.shape === 'none' ? '[]' : `[${[...bound, 'null', formRef].join(',')}]`;
  let object: Record<string, unknown> | null = null;
  const text = payload.body.toString('utf8');
  if (
    payload.contentType === 'application/json' &&
    !['deep-nesting', 'invalid-utf8', 'truncated-json'].includes(payload.kind)
  ) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        object = parsed as Record<string, unknown>;
      } else {
        // Not an object: the whole argument list is this value (React would never send it).
        return { contentType: 'text/plain;charset=UTF-8', body: Buffer.from(text) };
      }
    } catch {
      object = null;
    }
  }
  const poisoned = (base: Record<string, unknown>) => {
    const out: Record<string, unknown> = { ...base };
    target.poison.forEach((field, i) => {
      if (field !== '$bound') out[field] = poisonValue(field, seed + i);
    });
    return out;
  };
  if (target.shape === 'object') {
    if (payload.kind === 'deep-nesting' || payload.kind === 'truncated-json') {
      return {
        contentType: 'text/plain;charset=UTF-8',
        body: Buffer.concat([Buffer.from('['), payload.body, Buffer.from(']')]),
      };
    }
    const value = poisoned(object ?? {});
    return {
      contentType: 'text/plain;charset=UTF-8',
      body: Buffer.from(JSON.stringify([value])),
    };
  }
  switch (payload.kind) {
    case 'deep-nesting':
    case 'truncated-json':
      // The argument list itself is the payload (1,000 levels deep, or cut short).
      return {
        contentType: 'text/plain;charset=UTF-8',
        body: Buffer.concat([
          Buffer.from(`[${bound.map((b) => `${b},`).join('')}null,`),
          payload.body,
          Buffer.from(']'),
        ]),
      };
    case 'invalid-utf8': {
      const fields = Object.entries(poisoned({})).map(
        ([k, v]) => [k, String(v)] as [string, string | Buffer],
      );
      const badField = target.fields.find((f) => !target.poison.includes(f)) ?? 'x';
      fields.push([badField, payload.body]);
      return multipart(rootFor('"$K1"'), fields);
    }
    case 'wrong-content-type':
    case 'empty-body':
      return { contentType: payload.contentType, body: payload.body };
    default: {
      const fields = Object.entries(poisoned(object ?? {})).map(
        ([k, v]) => [k, formValue(v)] as [string, string | Buffer],
      );
      return multipart(rootFor('"$K1"'), fields);
    }
  }
}

async function fixtures(db: PrismaClient): Promise<Fixtures> {
  const agent = await registerAgent(db, {
    name: 'fuzz-target',
    endpointUrl: 'http://127.0.0.1:9/fuzz',
    capabilities: ['fuzzing'],
  });
  const budget = await db.budget.create({
    data: { name: 'fuzz budget', scope: 'global', limit: 1_000_000n, mode: 'stop' },
  });
  const price = await db.modelPrice.create({
    data: {
      provider: 'fuzz',
      model: 'fuzz-model',
      inputPerMTok: 1n,
      outputPerMTok: 2n,
      effectiveFrom: new Date('2026-01-01T00:00:00Z'),
    },
  });
  // A finished request (so the invariants hold: nothing left running, nothing doubled).
  const request = await seedLargeRequest(db, {
    tasks: 3,
    agent: { id: agent.id, name: agent.name },
    input: 'chaos fuzz',
  });
  const token = await createApiToken(db, { name: 'fuzz victim', role: 'viewer' });
  const user = await db.user.findFirstOrThrow({ where: { role: 'viewer' } });
  return {
    agentId: agent.id,
    budgetId: budget.id,
    priceId: price.id,
    requestId: request.id,
    taskId: request.taskIds[0]!,
    tokenId: token.id,
    userId: user.id,
  };
}

async function credentials(db: PrismaClient, baseURL: string): Promise<Credentials> {
  const auth = createAuth({
    db,
    secret: deriveKey(Buffer.from(CHAOS_SECRET, 'utf8'), 'auth').toString('hex'),
    baseURL,
    secureCookies: false,
  });
  const cookieFor = async (role: 'admin' | 'viewer') => {
    const email = `fuzz-${role}@baton.test`;
    const password = `fuzz-${role}-password-0123456789`;
    await createUserWithPassword(auth, db, { email, name: `Fuzz ${role}`, role, password });
    const response = await auth.api.signInEmail({ body: { email, password }, asResponse: true });
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    if (!cookie.includes('session_token')) throw new Error('fuzz: sign-in returned no cookie');
    return cookie;
  };
  const adminCookie = await cookieFor('admin');
  const viewerCookie = await cookieFor('viewer');
  const adminTokens: string[] = [];
  for (let i = 0; i < 4; i++) {
    adminTokens.push((await createApiToken(db, { name: `fuzz admin ${i}`, role: 'admin' })).token);
  }
  const viewerToken = (await createApiToken(db, { name: 'fuzz viewer', role: 'viewer' })).token;
  return { adminTokens, viewerToken, adminCookie, viewerCookie };
}

/** count(*) of every table in the public schema. */
export async function rowCounts(databaseUrl: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    );
    const counts: Record<string, number> = {};
    for (const { tablename } of tables.rows) {
      const result = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM public."${tablename.replace(/"/g, '""')}"`,
      );
      counts[tablename] = Number(result.rows[0]!.n);
    }
    return counts;
  } finally {
    await client.end();
  }
}

export function changedTables(
  before: Record<string, number>,
  after: Record<string, number>,
): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names]
    .filter((n) => before[n] !== after[n])
    .map((n) => `${n} ${before[n] ?? '-'}→${after[n] ?? '-'}`);
}

/** Which caller and which ids one payload uses (seeded; real ids never reach a destructive admin call). */
function plan(target: Target, seed: number): { auth: Auth; idMode: IdMode } {
  const [r] = fc.sample(fc.nat(999), { seed: seed * 7 + 1, numRuns: 1 });
  const roll = r! % 100;
  let auth: Auth = roll < 84 ? 'admin' : roll < 92 ? 'viewer' : 'none';
  if (target.kind === 'action' && target.anonymousOnly) auth = 'none';
  const modes: IdMode[] = ['real', 'real', 'unknown', 'junk'];
  let idMode = pick(modes, Math.floor(r! / 100));
  const hasIds = target.kind === 'action' ? Boolean(target.realIds) : target.hasParams;
  if (!hasIds) idMode = 'real';
  // A real id with an authorised caller would let a DELETE (body ignored) or an action whose
  // poison is that id do its work: those real ids go to the viewer or to no one instead.
  const realIsDangerous =
    target.kind === 'action' ? Boolean(target.realIds) : Boolean(target.destructive);
  if (idMode === 'real' && realIsDangerous && auth === 'admin' && hasIds) {
    auth = roll % 2 === 0 ? 'viewer' : 'none';
  }
  return { auth, idMode };
}

async function sendOne(
  baseUrl: string,
  target: Target,
  seed: number,
  creds: Credentials,
  fx: Fixtures,
): Promise<Sent> {
  const { auth, idMode } = plan(target, seed);
  let payload = badPayload(target.fields, seed);
  if (target.kind !== 'action') {
    for (let k = 1; routeWouldAccept(target, payload); k++) {
      if (k > 50) throw new Error(`fuzz: no invalid payload for ${target.name} seed ${seed}`);
      payload = badPayload(target.fields, seed + k * 100_003);
    }
  }
  const headers: Record<string, string> = { origin: baseUrl };
  let url: string;
  let body: Buffer;
  let contentType: string | null;
  if (target.kind === 'action') {
    url = `${baseUrl}${target.page(fx)}`;
    headers['next-action'] = target.id;
    headers.accept = 'text/x-component';
    ({ contentType, body } = actionRequest(target, payload, seed, idMode, fx));
    if (auth === 'admin') headers.cookie = creds.adminCookie;
    if (auth === 'viewer') headers.cookie = creds.viewerCookie;
  } else {
    url = `${baseUrl}${target.path(idMode, fx)}`;
    ({ contentType, body } = payload);
    if (target.name.endsWith('/api/mcp')) headers.accept = 'application/json, text/event-stream';
    if (auth === 'admin') {
      // Mostly tokens (spread over four, as the limiter counts per token), some session cookies.
      if (seed % 10 === 0) headers.cookie = creds.adminCookie;
      else headers.authorization = `Bearer ${pick(creds.adminTokens, seed)}`;
    }
    if (auth === 'viewer') headers.authorization = `Bearer ${creds.viewerToken}`;
  }
  if (contentType) headers['content-type'] = contentType;
  const method = target.kind === 'action' ? 'POST' : target.method;
  let status = 0;
  let text = '';
  try {
    const response = await fetch(url, {
      method,
      headers,
      body: body.length > 0 || method !== 'DELETE' ? new Uint8Array(body) : undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    // A connection dropped or timed out: as bad as a 500 for this purpose.
    status = 599;
    text = String(error);
  }
  const is2xx = status >= 200 && status < 300;
  const rpcError = target.kind === 'jsonrpc' && is2xx && /"error"\s*:/.test(text);
  // The action's result is the flight row the first row points at (`"a":"$@1"` → row `1:`).
  const actionOk = target.kind === 'action' && /^1:\{"ok":true/m.test(text);
  const accepted = target.kind === 'action' ? actionOk : is2xx && !rpcError;
  const internal = /"code"\s*:\s*"INTERNAL"/.test(text) && status < 500;
  const preview = body
    .subarray(0, 160)
    .toString('utf8')
    .replace(/[^\x20-\x7e]/g, '?');
  return {
    target: target.name,
    kind: payload.kind,
    auth,
    idMode,
    status,
    rpcError,
    accepted,
    internal,
    sample: `${method} ${url.slice(0, 160)} [${contentType ?? 'no content-type'}] ${preview}${body.length > 160 ? `… (${body.length} bytes)` : ''} → ${status} ${text.slice(0, 200)}`,
  };
}

/**
 * One valid action call, the way the browser sends it (clearing the LLM planner), before the row
 * counts are taken: proves that well-formed action calls still pass proxy.ts's body check and
 * that the harness's `ok: true` detection works.
 */
async function controlCall(baseUrl: string, targets: Target[], creds: Credentials) {
  const planner = targets.find((t) => t.name === 'action updatePlannerAction') as ActionTarget;
  const { contentType, body } = multipart('[null,"$K1"]', [['agentId', '']]);
  const response = await fetch(`${baseUrl}/settings`, {
    method: 'POST',
    headers: {
      origin: baseUrl,
      accept: 'text/x-component',
      'next-action': planner.id,
      'content-type': contentType,
      cookie: creds.adminCookie,
    },
    body: new Uint8Array(body),
  });
  const text = await response.text();
  if (!response.ok || !/^1:\{"ok":true/m.test(text)) {
    throw new Error(
      `fuzz: the valid control action failed: ${response.status} ${text.slice(0, 300)}`,
    );
  }
}

export interface FuzzOptions {
  payloads: number;
  concurrency: number;
  port: number;
}

export async function badInput(
  ctx: ScenarioContext,
  options: FuzzOptions,
): Promise<ScenarioReport> {
  const started = Date.now();
  const baseUrl = `http://localhost:${options.port}`;
  const db = createPrismaClient({ connectionString: ctx.databaseUrl, max: 2 });
  let web: Started | null = null;
  try {
    const creds = await credentials(db, baseUrl);
    const fx = await fixtures(db);
    web = startWebServer('fuzz-web', {
      databaseUrl: ctx.databaseUrl,
      port: options.port,
      dataDir: path.join(ctx.runDir, 'web'),
      worker: false,
      logDir: ctx.runDir,
      env: {
        // Most payloads should reach validation, not the limiter (ADR 0051); unauthenticated
        // ones keep the default per-IP limit, so some 429s are expected and counted.
        BATON_RATE_LIMIT_TOKEN: '1000000',
        BATON_RATE_LIMIT_USER: '1000000',
      },
    });
    await waitForHealthy(`${baseUrl}/api/v1/health`, 15 * 60_000);
    const targets: Target[] = [...ROUTE_TARGETS, ...(await actionTargets())];
    await controlCall(baseUrl, targets, creds);
    // Target-major seeds, so every target sees every payload class; sent interleaved.
    const perTarget = Math.ceil(options.payloads / targets.length);
    const jobs: { target: Target; seed: number }[] = [];
    for (let k = 0; k < perTarget; k++) {
      for (const target of targets) jobs.push({ target, seed: k });
    }
    const before = await rowCounts(ctx.databaseUrl);
    ctx.say(
      `  ${jobs.length} payloads → ${targets.length} targets (${ROUTE_TARGETS.length} routes, ` +
        `${targets.length - ROUTE_TARGETS.length} actions), concurrency ${options.concurrency}`,
    );
    let rssPeakKiB = await treeRssKiB(web.child.pid!);
    const rssTimer = setInterval(() => {
      void treeRssKiB(web!.child.pid!).then((kib) => {
        rssPeakKiB = Math.max(rssPeakKiB, kib);
      });
    }, 250);
    const results: Sent[] = [];
    const fuzzStarted = Date.now();
    let next = 0;
    let lastSay = Date.now();
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (next < jobs.length) {
          const job = jobs[next++]!;
          results.push(await sendOne(baseUrl, job.target, job.seed, creds, fx));
          if (Date.now() - lastSay > 15_000) {
            lastSay = Date.now();
            ctx.say(`  ${results.length}/${jobs.length} sent …`);
          }
        }
      }),
    );
    const fuzzMs = Date.now() - fuzzStarted;
    clearInterval(rssTimer);
    await sleep(1_000);
    // Still up and answering (429 is fine: health is public, so it shares the per-IP limit the
    // unauthenticated payloads spent).
    const healthStatus = (await fetch(`${baseUrl}/api/v1/health`)).status;
    const healthy = healthStatus === 200 || healthStatus === 429;
    const after = await rowCounts(ctx.databaseUrl);
    const changed = changedTables(before, after);
    const invariants = await checkInvariants(db);

    const failures = results.filter((r) => r.status >= 500 || r.accepted || r.internal);
    const byTarget = new Map<string, { sent: number; s4xx: number; s429: number; bad: number }>();
    for (const r of results) {
      const row = byTarget.get(r.target) ?? { sent: 0, s4xx: 0, s429: 0, bad: 0 };
      row.sent++;
      if (r.status === 429) row.s429++;
      else if (r.status >= 400 && r.status < 500) row.s4xx++;
      if (r.status >= 500 || r.accepted || r.internal) row.bad++;
      byTarget.set(r.target, row);
    }
    ctx.say('  per target: sent / 4xx / 429 / failures');
    for (const [name, row] of byTarget) {
      ctx.say(`    ${name.padEnd(48)} ${row.sent} / ${row.s4xx} / ${row.s429} / ${row.bad}`);
    }
    const seen = new Set<string>();
    for (const f of failures) {
      const key = `${f.target} ${f.kind} ${f.status}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ctx.say(`  FAILURE ${key} (${f.auth}, ids ${f.idMode}): ${f.sample}`);
    }
    for (const c of changed) ctx.say(`  ROW COUNT CHANGED ${c}`);
    const count = (pred: (r: Sent) => boolean) => results.filter(pred).length;
    const statusCounts: Record<string, number> = {};
    for (const r of results) statusCounts[r.status] = (statusCounts[r.status] ?? 0) + 1;
    ctx.say(
      `  statuses: ${Object.entries(statusCounts)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}`,
    );
    const ge500 = count((r) => r.status >= 500);
    const accepted = count((r) => r.accepted);
    const internal = count((r) => r.internal);
    return {
      scenario: 'bad input',
      ok:
        results.length >= options.payloads &&
        ge500 === 0 &&
        accepted === 0 &&
        internal === 0 &&
        changed.length === 0 &&
        healthy &&
        violations(invariants) === 0,
      durationMs: Date.now() - started,
      invariants,
      figures: {
        payloads: results.length,
        targets: targets.length,
        routes: ROUTE_TARGETS.length,
        actions: targets.length - ROUTE_TARGETS.length,
        fuzzSeconds: Math.round(fuzzMs / 100) / 10,
        responses5xx: ge500,
        responses2xx: count((r) => r.status >= 200 && r.status < 300),
        jsonRpcErrors2xx: count((r) => r.rpcError),
        actionRefusals2xx: count(
          (r) => r.target.startsWith('action ') && r.status < 300 && !r.accepted,
        ),
        accepted,
        internalErrors: internal,
        responses4xx: count((r) => r.status >= 400 && r.status < 500 && r.status !== 429),
        responses429: count((r) => r.status === 429),
        redirects3xx: count((r) => r.status >= 300 && r.status < 400),
        unauthenticated: count((r) => r.auth === 'none'),
        asViewer: count((r) => r.auth === 'viewer'),
        tablesChecked: Object.keys(before).length,
        rowsBefore: Object.values(before).reduce((a, b) => a + b, 0),
        rowsAfter: Object.values(after).reduce((a, b) => a + b, 0),
        tablesChanged: changed.length,
        rssPeakMiB: Math.round(rssPeakKiB / 1024),
        healthAfter: healthStatus,
      },
      measurements: [],
      details: {
        perTarget: Object.fromEntries(byTarget),
        statuses: statusCounts,
        failureSamples: failures.slice(0, 50).map((f) => f.sample),
        tablesChanged: changed,
      },
    };
  } finally {
    if (web) await stopGracefully(web);
    await db.$disconnect();
  }
}
