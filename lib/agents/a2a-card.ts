/**
 * A2A agent cards: read `<url>/.well-known/agent-card.json` through safeFetch (every URL the card
 * names must pass validateAgentUrl; bodies are capped), validate it, and map it to what Baton stores.
 */
import { type AgentCard } from '@a2a-js/sdk';
import { DefaultAgentCardResolver } from '@a2a-js/sdk/client';
import { z } from 'zod';
import { scopeCardInterfaces } from './a2a-origin';
import { skillsToCapabilities } from './card';
import { hashSkills } from './card-hash';
import {
  createDeadline,
  describeNetworkError,
  discardBody,
  displayUrl,
  readTextCapped,
  safeFetch,
  sanitizeMessage,
} from './http';
import type { ImportedCard, ImportedInterface } from './types';
import { validateAgentUrl } from './url';

export const AGENT_CARD_PATH = '.well-known/agent-card.json';
/** Cards are small; anything bigger is a misconfigured or hostile server. */
export const MAX_CARD_BYTES = 1024 * 1024;
export const MAX_SKILLS = 200;
/** Transports Baton's client speaks (gRPC would need @grpc/grpc-js). */
const CALLABLE_BINDINGS = new Set(['JSONRPC', 'HTTP+JSON']);
/** The SDK's v0.3 compatibility layer, on for cards and clients alike. */
export const LEGACY_COMPAT = { enabled: true } as const;

export type AgentCardErrorCode = 'INVALID_URL' | 'UNREACHABLE' | 'HTTP' | 'INVALID_CARD';

/** Reading a card failed; `message` is short and meant for the operator. */
export class AgentCardError extends Error {
  /** The HTTP status of the card request, for `HTTP` errors. */
  readonly status?: number;

  constructor(
    readonly code: AgentCardErrorCode,
    message: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super(message, options);
    this.name = 'AgentCardError';
    if (options?.status !== undefined) this.status = options.status;
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
  /** When set, interfaces on other origins need approval before the secret goes there (ADR 0050). */
  approvedOrigins?: readonly string[];
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

export interface ResolvedCard {
  imported: ImportedCard;
  /** The SDK's card (normalized), for building a client. */
  sdkCard: AgentCard;
}

export async function resolveAgentCard(
  baseUrl: string,
  options: FetchAgentCardOptions,
): Promise<ResolvedCard> {
  const deadline = createDeadline(options.timeoutMs ?? DEFAULT_CARD_TIMEOUT_MS, options.signal);
  try {
    return await resolveAgentCardWithin(baseUrl, deadline.signal, options.headers, options);
  } finally {
    deadline.dispose();
  }
}

async function resolveAgentCardWithin(
  baseUrl: string,
  signal: AbortSignal,
  headers: Record<string, string> | undefined,
  { approvedOrigins }: FetchAgentCardOptions = {},
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
        status,
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
  if (approvedOrigins)
    scopeCardInterfaces(imported, supportedInterfaces, {
      registeredUrl: baseUrl,
      approvedOrigins,
      headers,
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

/** An error's message, or the value itself as text. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
