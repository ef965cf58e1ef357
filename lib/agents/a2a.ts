/**
 * The `a2a` adapter: any Agent2Agent agent, through the official `@a2a-js/sdk` (protocol v1.0, with
 * the SDK's v0.3 compatibility layer on so older agents work too). Registration reads the agent card
 * at `<url>/.well-known/agent-card.json` and imports its skills as capabilities; health checks read
 * it again (the hash says whether the skills drifted) and, with `canary: true`, send a short message
 * that must get a reply.
 *
 * All traffic goes through safeFetch: every URL — the registered one, the interfaces the card names,
 * redirects — must pass validateAgentUrl, and bodies are size-capped.
 */
import { Role, TaskState, taskStateToJSON, type AgentCard, type Task } from '@a2a-js/sdk';
import {
  ClientFactory,
  ClientFactoryOptions,
  DefaultAgentCardResolver,
  JsonRpcTransportFactory,
  RestTransportFactory,
  type AgentCardResolver,
} from '@a2a-js/sdk/client';
import { z } from 'zod';
import { skillsToCapabilities } from './card';
import { hashSkills } from './card-hash';
import {
  agentHeaders,
  createDeadline,
  describeNetworkError,
  discardBody,
  displayUrl,
  elapsedSince,
  readTextCapped,
  safeFetch,
  sanitizeMessage,
} from './http';
import type { AgentAdapter, ImportedCard, ImportedInterface, ProbeResult } from './types';
import { validateAgentUrl } from './url';

export const AGENT_CARD_PATH = '.well-known/agent-card.json';
/** Cards are small; anything bigger is a misconfigured or hostile server. */
export const MAX_CARD_BYTES = 1024 * 1024;
/** Bound on non-streaming JSON-RPC / REST responses read by the adapter. */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
export const MAX_SKILLS = 200;
/** Transports Baton's client speaks (gRPC would need @grpc/grpc-js). */
const CALLABLE_BINDINGS = new Set(['JSONRPC', 'HTTP+JSON']);
const LEGACY_COMPAT = { enabled: true } as const;

export type AgentCardErrorCode = 'INVALID_URL' | 'UNREACHABLE' | 'HTTP' | 'INVALID_CARD';

/** Reading a card failed; `message` is short and meant for the operator. */
export class AgentCardError extends Error {
  constructor(
    readonly code: AgentCardErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AgentCardError';
  }
}

/** Upper bound for reading a card when the caller gives none (registration forms, API calls). */
export const DEFAULT_CARD_TIMEOUT_MS = 10_000;

export interface FetchAgentCardOptions {
  signal?: AbortSignal;
  /** Default DEFAULT_CARD_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Sent with the card request (non-secret config headers, and the bearer secret if any). */
  headers?: Record<string, string>;
}

/**
 * Where the card of the agent at `baseUrl` lives: `<baseUrl>/.well-known/agent-card.json`, relative
 * to the URL's path (`http://localhost:3000/api/a2a/builtin/calculator` → `…/calculator/.well-known/
 * agent-card.json`). A URL that already names the card is used as it is.
 */
export function agentCardUrl(baseUrl: string): string {
  const check = validateAgentUrl(baseUrl);
  if (!check.ok) throw new AgentCardError('INVALID_URL', check.message);
  const url = new URL(check.url);
  if (url.pathname.endsWith(`/${AGENT_CARD_PATH}`)) return url.href;
  url.search = '';
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return new URL(AGENT_CARD_PATH, url).href;
}

/** Reads and imports an agent card. Throws AgentCardError with a message naming the problem. */
export async function fetchAgentCard(
  baseUrl: string,
  options: FetchAgentCardOptions = {},
): Promise<ImportedCard> {
  return (await resolveAgentCard(baseUrl, options)).imported;
}

interface ResolvedCard {
  imported: ImportedCard;
  /** The SDK's card (normalized), for building a client. */
  sdkCard: AgentCard;
}

async function resolveAgentCard(
  baseUrl: string,
  options: FetchAgentCardOptions,
): Promise<ResolvedCard> {
  const deadline = createDeadline(options.timeoutMs ?? DEFAULT_CARD_TIMEOUT_MS, options.signal);
  try {
    return await resolveAgentCardWithin(baseUrl, deadline.signal, options.headers);
  } finally {
    deadline.dispose();
  }
}

async function resolveAgentCardWithin(
  baseUrl: string,
  signal: AbortSignal,
  headers: Record<string, string> | undefined,
): Promise<ResolvedCard> {
  const cardUrl = agentCardUrl(baseUrl);
  const where = displayUrl(cardUrl);
  let status: number | null = null;
  let raw: unknown;

  // The SDK's resolver does the fetching and the v0.3 → v1.0 translation; this fetch adds the
  // caller's headers and signal, refuses unsafe URLs, caps the size and keeps what we need for
  // precise errors (the status, and whether the body was JSON at all).
  const fetchImpl = (async (input: string | URL, init?: RequestInit) => {
    const merged = new Headers(init?.headers);
    for (const [name, value] of Object.entries(headers ?? {})) merged.set(name, value);
    const response = await safeFetch(input, { ...init, headers: merged, signal });
    status = response.status;
    if (!response.ok) {
      await discardBody(response);
      return new Response(null, { status: response.status });
    }
    const text = await readTextCapped(response, MAX_CARD_BYTES);
    try {
      raw = JSON.parse(text);
    } catch {
      throw new AgentCardError(
        'INVALID_CARD',
        `${where} is not a valid agent card: it is not JSON.`,
      );
    }
    return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;

  const resolver = new DefaultAgentCardResolver({ fetchImpl, legacyCompat: LEGACY_COMPAT });
  let sdkCard: AgentCard;
  try {
    sdkCard = await resolver.resolve(cardUrl, '');
  } catch (error) {
    if (error instanceof AgentCardError) throw error;
    if (status !== null && status >= 300) {
      const hint = status === 401 || status === 403 ? ": check the agent's secret" : '';
      throw new AgentCardError('HTTP', `No agent card at ${where} (HTTP ${status}${hint}).`, {
        cause: error,
      });
    }
    const network = describeNetworkError(error, cardUrl, signal);
    if (network) throw new AgentCardError('UNREACHABLE', network, { cause: error });
    throw new AgentCardError(
      'INVALID_CARD',
      `${where} is not a valid agent card: ${sanitizeMessage(errorText(error), null, 160)}`,
      { cause: error },
    );
  }
  const imported = importCard(sdkCard, raw, cardUrl);
  // The client must only ever pick an interface that passed the URL checks.
  const allowed = new Set(imported.interfaces.map((entry) => entry.url));
  const supportedInterfaces = (sdkCard.supportedInterfaces ?? []).flatMap((entry) => {
    const url = absoluteUrl(entry.url, cardUrl);
    return url && allowed.has(url) ? [{ ...entry, url }] : [];
  });
  return { imported, sdkCard: { ...sdkCard, supportedInterfaces } };
}

function absoluteUrl(url: string, base: string): string | null {
  try {
    return new URL(url, base).href;
  } catch {
    return null;
  }
}

const text = (field: string) =>
  z.string({
    error: (issue) => (issue.input === undefined ? `${field} is missing` : `${field} must be text`),
  });
const list = z.array(z.string()).optional().default([]);

const SkillSchema = z.object({
  id: text('id').trim().min(1, 'id is empty'),
  name: z.string().optional().default(''),
  description: z.string().optional().default(''),
  tags: list,
  examples: list,
  inputModes: list,
  outputModes: list,
});

const CardSchema = z.object({
  name: text('name').trim().min(1, 'name is empty'),
  description: z.string().optional().default(''),
  version: z.string().optional().default(''),
  supportedInterfaces: z
    .array(
      z.object({
        url: text('url').trim().min(1, 'url is empty'),
        protocolBinding: z.string().optional().default('JSONRPC'),
        protocolVersion: z.string().optional().default(''),
      }),
      { error: 'supportedInterfaces (the URL to send messages to) is missing' },
    )
    .min(1, 'supportedInterfaces (the URL to send messages to) is empty'),
  capabilities: z.object({ streaming: z.boolean().optional() }).optional(),
  defaultInputModes: list,
  defaultOutputModes: list,
  skills: z
    .array(SkillSchema, { error: 'skills is missing' })
    .max(MAX_SKILLS, `more than ${MAX_SKILLS} skills`),
});

/** Validates a resolved card and maps it to what Baton stores. Exported for unit tests. */
export function importCard(card: unknown, raw: unknown, cardUrl: string): ImportedCard {
  const where = displayUrl(cardUrl);
  const parsed = CardSchema.safeParse(card);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 3).map((issue) => {
      const path = issue.path
        .map((part, i) => (typeof part === 'number' ? `[${part}]` : i ? `.${String(part)}` : part))
        .join('');
      const last = String(issue.path.at(-1) ?? '');
      // "id is missing" at skills[0] reads "skills[0].id is missing".
      if (last && issue.message.startsWith(`${last} `)) {
        return `${path}${issue.message.slice(last.length)}`;
      }
      return path ? `${path}: ${issue.message}` : issue.message;
    });
    throw new AgentCardError(
      'INVALID_CARD',
      `${where} is not a valid agent card: ${problems.join('; ')}.`,
    );
  }
  const value = parsed.data;

  const interfaces: ImportedInterface[] = [];
  const refused: string[] = [];
  for (const entry of value.supportedInterfaces) {
    let absolute: string;
    try {
      absolute = new URL(entry.url, cardUrl).href;
    } catch {
      refused.push(`${entry.url}: not a URL`);
      continue;
    }
    const check = validateAgentUrl(absolute);
    if (!check.ok) {
      refused.push(`${displayUrl(absolute)}: ${check.message}`);
      continue;
    }
    if (!CALLABLE_BINDINGS.has(entry.protocolBinding.toUpperCase())) continue;
    interfaces.push({
      url: check.url,
      protocolBinding: entry.protocolBinding,
      protocolVersion: entry.protocolVersion,
    });
  }
  if (interfaces.length === 0) {
    const listed = value.supportedInterfaces.map((entry) => entry.protocolBinding).join(', ');
    throw new AgentCardError(
      'INVALID_CARD',
      refused.length > 0
        ? `${where} is not a valid agent card: its interface URL was refused (${refused[0]}).`
        : `${where} is not a valid agent card: it offers no interface Baton can call (JSONRPC or HTTP+JSON; it lists ${listed}).`,
    );
  }

  return {
    cardUrl,
    name: value.name,
    description: value.description,
    version: value.version,
    interfaces,
    streaming: value.capabilities?.streaming ?? false,
    capabilities: skillsToCapabilities(value.skills, value),
    hash: hashSkills(value.skills),
    raw: raw ?? card,
  };
}

// ---------------------------------------------------------------------------------------------
// Canary: a short message that must get a reply.

/** Marks the canary message, so agents (Baton's own builtins among them) can answer it cheaply. */
export const CANARY_METADATA = { baton: { canary: true } } as const;
export const CANARY_TEXT = 'ping';

/** The SDK's fetch for a client: agent headers on every call, safe URLs, capped JSON bodies. */
function clientFetch(headers: Record<string, string>): typeof fetch {
  return (async (input: string | URL, init?: RequestInit) => {
    const merged = new Headers(init?.headers);
    for (const [name, value] of Object.entries(headers)) merged.set(name, value);
    const response = await safeFetch(input, { ...init, headers: merged });
    // Streams are consumed incrementally by the SDK (which bounds each event); everything else is
    // read here with a cap.
    if (response.headers.get('content-type')?.startsWith('text/event-stream')) return response;
    const body = await readTextCapped(response, MAX_RESPONSE_BYTES);
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }) as typeof fetch;
}

/** An SDK client for a card Baton already read (no second card fetch). */
export async function createA2AClient(sdkCard: AgentCard, headers: Record<string, string>) {
  const fetchImpl = clientFetch(headers);
  const cardResolver: AgentCardResolver = {
    resolve: () => Promise.reject(new Error('The card is already resolved.')),
    // The card is normalized already; normalizing twice would re-parse it.
    normalizeAgentCard: (card) => card as AgentCard,
  };
  const factory = new ClientFactory(
    ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
      transports: [
        new JsonRpcTransportFactory({ fetchImpl, legacyCompat: LEGACY_COMPAT }),
        new RestTransportFactory({ fetchImpl, legacyCompat: LEGACY_COMPAT }),
      ],
      cardResolver,
    }),
  );
  return factory.createFromAgentCard(sdkCard);
}

function isTask(result: object): result is Task {
  return 'status' in result && 'artifacts' in result;
}

/** Sends the canary and returns null when the agent replied, or why it did not. */
async function sendCanary(
  sdkCard: AgentCard,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<string | null> {
  const client = await createA2AClient(sdkCard, headers);
  const result = await client.sendMessage(
    {
      tenant: '',
      message: {
        messageId: crypto.randomUUID(),
        contextId: '',
        taskId: '',
        role: Role.ROLE_USER,
        parts: [
          {
            content: { $case: 'text', value: CANARY_TEXT },
            metadata: undefined,
            filename: '',
            mediaType: 'text/plain',
          },
        ],
        metadata: { ...CANARY_METADATA },
        extensions: [],
        referenceTaskIds: [],
      },
      configuration: undefined,
      metadata: undefined,
    },
    { signal },
  );
  if (!isTask(result)) {
    return result.parts.length > 0 ? null : 'The agent answered the canary with an empty message.';
  }
  const state = result.status?.state ?? TaskState.TASK_STATE_UNSPECIFIED;
  if (state === TaskState.TASK_STATE_COMPLETED || state === TaskState.TASK_STATE_INPUT_REQUIRED) {
    return null;
  }
  const label = taskStateToJSON(state).replace(/^TASK_STATE_/, '');
  const detail = result.status?.message?.parts
    .map((part) => (part.content?.$case === 'text' ? part.content.value : ''))
    .join(' ')
    .trim();
  if (
    state === TaskState.TASK_STATE_SUBMITTED ||
    state === TaskState.TASK_STATE_WORKING ||
    state === TaskState.TASK_STATE_AUTH_REQUIRED
  ) {
    // Do not leave the canary running on the agent.
    void client.cancelTask({ tenant: '', id: result.id, metadata: undefined }).catch(() => {});
    return `The agent accepted the canary but did not answer it (task ${label}).`;
  }
  return `The canary task ended ${label}${detail ? `: ${detail}` : ''}.`;
}

// ---------------------------------------------------------------------------------------------

export const a2aAdapter: AgentAdapter<'a2a'> = {
  kind: 'a2a',
  async probe(target, { signal, timeoutMs }): Promise<ProbeResult> {
    const startedAt = performance.now();
    const deadline = createDeadline(timeoutMs, signal);
    const headers = agentHeaders(target.config.headers, target.secret);
    const fail = (message: string, card?: ImportedCard): ProbeResult => ({
      ok: false,
      latencyMs: elapsedSince(startedAt),
      error: sanitizeMessage(message, target.secret),
      ...(card && { card }),
    });
    try {
      if (!target.endpointUrl) return fail('The agent has no URL.');
      let resolved: ResolvedCard;
      try {
        resolved = await resolveAgentCard(target.endpointUrl, {
          signal: deadline.signal,
          timeoutMs,
          headers,
        });
      } catch (error) {
        if (error instanceof AgentCardError) return fail(error.message);
        throw error;
      }
      if (target.config.canary) {
        const where = resolved.imported.interfaces[0]?.url ?? target.endpointUrl;
        try {
          const problem = await sendCanary(resolved.sdkCard, headers, deadline.signal);
          if (problem) return fail(problem, resolved.imported);
        } catch (error) {
          const message =
            describeNetworkError(error, where, deadline.signal) ?? describeCanaryError(error);
          return fail(message, resolved.imported);
        }
      }
      return { ok: true, latencyMs: elapsedSince(startedAt), card: resolved.imported };
    } finally {
      deadline.dispose();
    }
  },
};

/** The SDK reports HTTP failures as "HTTP error for SendMessage! Status: 401 …": keep the status. */
function describeCanaryError(error: unknown): string {
  const status = /\bStatus: (\d{3})\b/.exec(errorText(error))?.[1];
  if (status) {
    const hint = status === '401' || status === '403' ? ": check the agent's secret" : '';
    return `The agent answered the canary message with HTTP ${status}${hint}.`;
  }
  return `The canary message failed: ${errorText(error)}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
