/**
 * The admin's outbound allow-list (Settings → Network, ADR 0050): CIDRs and host names agents may
 * be reached on although they resolve to loopback or private addresses (Ollama on localhost, an
 * agent on the LAN). Stored as the `network` setting `{ allow: string[] }`; every process that calls
 * agents (web server, `npm run worker`) installs it as the SSRF guard's provider and re-reads it at
 * most every POLICY_TTL_MS, so a change reaches other processes within seconds.
 */
import type { PrismaClient } from '@/lib/db/prisma';
import { parseAllowList, setAllowListProvider, type AllowRule } from '@/lib/http/ssrf';

export const NETWORK_SETTING_KEY = 'network';
export const POLICY_TTL_MS = 5_000;
export const MAX_ALLOW_ENTRIES = 100;

/** The entries stored in the setting (empty when unset or unreadable). */
export async function readNetworkAllowList(db: PrismaClient): Promise<string[]> {
  const row = await db.setting.findUnique({ where: { key: NETWORK_SETTING_KEY } });
  const allow = (row?.value as { allow?: unknown } | null)?.allow;
  return Array.isArray(allow)
    ? allow.filter((entry): entry is string => typeof entry === 'string')
    : [];
}

/** Makes the SSRF guard of this process consult the admin's list (cached for POLICY_TTL_MS). */
export function installOutboundPolicy(db: PrismaClient): void {
  let cache: { at: number; rules: AllowRule[] } | null = null;
  setAllowListProvider(async () => {
    if (cache && Date.now() - cache.at < POLICY_TTL_MS) return cache.rules;
    const parsed = parseAllowList(await readNetworkAllowList(db));
    cache = { at: Date.now(), rules: 'rules' in parsed ? parsed.rules : [] };
    return cache.rules;
  });
}
