/**
 * The SDK client Baton uses for one A2A agent: agent headers on every call, safe URLs, capped JSON
 * bodies, and a trace of the last HTTP answer (the SDK's errors drop the status).
 */
import { type AgentCard, type Task } from '@a2a-js/sdk';
import {
  type Client,
  ClientFactory,
  ClientFactoryOptions,
  JsonRpcTransportFactory,
  RestTransportFactory,
  type AgentCardResolver,
} from '@a2a-js/sdk/client';
import { readTextCapped, safeFetch } from './http';
import { LEGACY_COMPAT } from './a2a-card';

/** Bound on non-streaming JSON-RPC / REST responses read by the adapter. */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/**
 * The last HTTP answer a client got: the SDK reports HTTP failures as plain errors without the
 * status or headers, so the adapter's fetch records them to classify the failure (401 → auth, 429 →
 * rate_limit with its Retry-After, 5xx → server).
 */
export interface HttpTrace {
  status: number | null;
  retryAfter: string | null;
}

/** The SDK's fetch for a client: agent headers on every call, safe URLs, capped JSON bodies. */
function clientFetch(headers: Record<string, string>, trace?: HttpTrace): typeof fetch {
  return (async (input: string | URL, init?: RequestInit) => {
    const merged = new Headers(init?.headers);
    for (const [name, value] of Object.entries(headers)) merged.set(name, value);
    const response = await safeFetch(input, { ...init, headers: merged });
    if (trace) {
      trace.status = response.status;
      trace.retryAfter = response.headers.get('retry-after');
    }
    // A stream the SDK asked for is consumed incrementally (the SDK bounds each event, the adapter
    // the reply); everything else — an event stream nobody asked for included, which the SDK would
    // read whole with `json()` — is read here with a cap.
    const askedForStream = merged.get('accept')?.includes('text/event-stream') ?? false;
    const isStream = response.headers.get('content-type')?.startsWith('text/event-stream') ?? false;
    if (askedForStream && isStream) return response;
    const body = await readTextCapped(response, MAX_RESPONSE_BYTES);
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }) as typeof fetch;
}

/**
 * An SDK client for a card Baton already read (no second card fetch). `trace`, when given, is
 * updated with every HTTP answer the client gets.
 */
export async function createA2AClient(
  sdkCard: AgentCard,
  headers: Record<string, string>,
  trace?: HttpTrace,
): Promise<Client> {
  const fetchImpl = clientFetch(headers, trace);
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

export function isTask(result: object): result is Task {
  return 'status' in result && 'artifacts' in result;
}
