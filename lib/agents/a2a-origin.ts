/**
 * Which interfaces of an A2A card may receive the agent's secret (ADR 0050). A card is served by
 * the agent and names the URL messages go to; a compromised or hostile card could name any host and
 * collect the bearer token Baton sends with each call. So an interface on an origin other than the
 * registered URL's is only used once an operator approved that origin (the agent's
 * `config.approvedOrigins`); until then Baton refuses the call, naming the origin to approve. Agents
 * without a secret have nothing to leak and keep every interface (the SSRF guard still applies).
 */

import { AgentCardError } from './a2a-card';

export interface OriginScope {
  /** The agent's registered URL. */
  registeredUrl: string;
  /** Origins (`https://host:port`) an operator approved for this agent. */
  approvedOrigins: readonly string[];
  /** The headers Baton would send: the scope only matters when they carry a credential. */
  headers: Record<string, string> | undefined;
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

function carriesSecret(headers: Record<string, string> | undefined): boolean {
  return Object.keys(headers ?? {}).some((name) => name.toLowerCase() === 'authorization');
}

/** Keeps the interfaces the secret may go to; `refused` lists the origins that need approval. */
export function scopeInterfaces<T extends { url: string }>(
  interfaces: readonly T[],
  scope: OriginScope,
): { kept: T[]; refused: string[] } {
  if (!carriesSecret(scope.headers)) return { kept: [...interfaces], refused: [] };
  const trusted = new Set([originOf(scope.registeredUrl), ...scope.approvedOrigins.map(originOf)]);
  const kept: T[] = [];
  const refused = new Set<string>();
  for (const entry of interfaces) {
    const origin = originOf(entry.url);
    if (origin && trusted.has(origin)) kept.push(entry);
    else refused.add(origin ?? entry.url);
  }
  return { kept, refused: [...refused] };
}

/** The operator-facing message when no interface may receive the secret. */
export function untrustedInterfaceMessage(cardUrl: string, refused: readonly string[]): string {
  return `The agent card at ${originOf(cardUrl) ?? cardUrl} sends messages to ${refused.join(', ')}, another origin than the registered URL: Baton does not send the agent's secret there until an operator approves that origin (the agent's approved origins).`;
}

/**
 * Narrows a resolved card, in place, to the interfaces the secret may go to (both Baton's imported
 * list and the SDK card's); throws AgentCardError when none remain.
 */
export function scopeCardInterfaces(
  imported: { cardUrl: string; interfaces: { url: string }[] },
  supportedInterfaces: { url: string }[],
  scope: OriginScope,
): void {
  const { kept, refused } = scopeInterfaces(imported.interfaces, scope);
  if (refused.length === 0) return;
  if (kept.length === 0) {
    throw new AgentCardError('INVALID_CARD', untrustedInterfaceMessage(imported.cardUrl, refused));
  }
  imported.interfaces.splice(0, imported.interfaces.length, ...kept);
  const keptUrls = new Set(kept.map((entry) => entry.url));
  const remaining = supportedInterfaces.filter((entry) => keptUrls.has(entry.url));
  supportedInterfaces.splice(0, supportedInterfaces.length, ...remaining);
}
