/**
 * Server-side request forgery (SSRF) protection at connect time (ADR 0050). Every outbound call to
 * an agent (webhook, OpenAI-compatible, A2A, MCP — all go through `safeFetch` in lib/agents/http.ts)
 * uses the undici dispatcher built here: its `connect.lookup` resolves the host name and refuses the
 * connection when any resolved address is loopback, private, link-local, CGNAT, unique-local,
 * multicast, unspecified or an IPv6 form that embeds one of those (IPv4-mapped, IPv4-compatible,
 * NAT64), unless the operator allowed that network. IP literals never reach `lookup` (Node connects
 * to them directly), so `checkUrlHost` checks them before the request and on every redirect hop.
 *
 * Alternative spellings of an address (`0x7f000001`, `2130706433`, `127.1`, `017700000001`,
 * `[::ffff:127.0.0.1]`) are first canonicalized by the WHATWG URL parser, then classified here, so
 * they are refused like `127.0.0.1`.
 *
 * The allow-list is the union of `BATON_AGENT_ALLOW_NETWORKS` (comma-separated CIDRs or host names;
 * the test suites and `npm run chaos` set it to loopback) and the admin's Settings → Network list,
 * which lib/server/outbound-policy.ts feeds in through `setAllowListProvider`.
 */
import dns from 'node:dns';
import net from 'node:net';
import { Agent, type Dispatcher } from 'undici';
import { envVar } from '@/lib/env';

export type AddressClass =
  'public' | 'loopback' | 'private' | 'link-local' | 'unspecified' | 'multicast' | 'reserved';

/** Address classes refused unless allowed; link-local (cloud metadata) is refused even then. */
const ALLOWABLE: ReadonlySet<AddressClass> = new Set(['loopback', 'private', 'reserved']);

const CLASS_TEXT: Record<Exclude<AddressClass, 'public'>, string> = {
  loopback: 'a loopback address',
  private: 'a private-network address',
  'link-local': 'a link-local address (cloud metadata services live there)',
  unspecified: 'the unspecified address',
  multicast: 'a multicast or broadcast address',
  reserved: 'a reserved address',
};

/** Four octets, or null when `text` is not a dotted-quad IPv4 address. */
function parseIPv4(text: string): number[] | null {
  if (!net.isIPv4(text)) return null;
  return text.split('.').map(Number);
}

/** Eight 16-bit groups, or null when `text` is not an IPv6 address (brackets allowed). */
function parseIPv6(raw: string): number[] | null {
  let text = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw;
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  if (!net.isIPv6(text)) return null;
  const tail = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const v4 = parseIPv4(tail[2]!)!;
    text = `${tail[1]}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const halves = text.split('::');
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const fill = Array<string>(8 - head.length - rest.length).fill('0');
  return [...head, ...fill, ...rest].map((group) => parseInt(group, 16));
}

function classifyIPv4([a, b, c]: number[]): AddressClass {
  if (a === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 100 && b! >= 64 && b! <= 127) return 'private'; // CGNAT 100.64.0.0/10
  if (a === 169 && b === 254) return 'link-local';
  if (a! >= 224) return a! <= 239 ? 'multicast' : 'reserved'; // 240/4 and 255.255.255.255
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return 'reserved';
  if (a === 198 && (b === 18 || b === 19)) return 'reserved'; // benchmarking
  return 'public';
}

function classifyIPv6(groups: number[]): AddressClass {
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const embedded = [g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff];
  const firstFiveZero = !g0 && !g1 && !g2 && !g3 && !g4;
  if (firstFiveZero && !g5 && !g6 && !g7) return 'unspecified';
  if (firstFiveZero && !g5 && !g6 && g7 === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) reach the embedded IPv4 host.
  if (firstFiveZero && (g5 === 0xffff || !g5)) return classifyIPv4(embedded);
  // NAT64 (64:ff9b::/96) translates to the embedded IPv4 address.
  if (g0 === 0x64 && g1 === 0xff9b && !g2 && !g3 && !g4 && !g5) return classifyIPv4(embedded);
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xfe00) === 0xfc00) return 'private'; // unique local fc00::/7
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  if (g0 === 0x2001 && g1 === 0x0db8) return 'reserved'; // documentation
  return 'public';
}

/** The class of an IP address (v4, v6, bracketed v6), or null when `ip` is not an IP address. */
export function classifyAddress(ip: string): AddressClass | null {
  const v4 = parseIPv4(ip);
  if (v4) return classifyIPv4(v4);
  const v6 = parseIPv6(ip);
  return v6 ? classifyIPv6(v6) : null;
}

// ─── Allow-list ───────────────────────────────────────────────────────────────────────────────────

export interface AllowRule {
  /** The entry as written, for messages. */
  text: string;
  /** A host name (lower case, no trailing dot), or null for a CIDR rule. */
  host: string | null;
  /** For CIDR rules: the network as a bigint, its bit length (32 or 128) and prefix. */
  network?: { value: bigint; bits: 32 | 128; prefix: number };
}

function toBigInt(ip: string): { value: bigint; bits: 32 | 128 } | null {
  const v4 = parseIPv4(ip);
  if (v4)
    return {
      value: BigInt(((v4[0]! << 24) >>> 0) + (v4[1]! << 16) + (v4[2]! << 8) + v4[3]!),
      bits: 32,
    };
  const v6 = parseIPv6(ip);
  if (!v6) return null;
  return { value: v6.reduce((acc, group) => (acc << 16n) + BigInt(group), 0n), bits: 128 };
}

/**
 * Parses one allow-list entry: a CIDR (`127.0.0.0/8`, `fd00::/8`), a single address (`10.0.0.5`,
 * `::1`) or a host name (`ollama.lan`). Returns the problem as text when the entry is not valid.
 */
export function parseAllowEntry(entry: string): AllowRule | string {
  const text = entry.trim();
  if (!text) return 'An entry is empty.';
  if (text.length > 255) return `"${text.slice(0, 40)}…" is longer than 255 characters.`;
  const [address, prefixText, extra] = text.split('/');
  if (extra !== undefined) return `"${text}" is not a CIDR such as 10.0.0.0/8.`;
  const parsed = toBigInt(address!);
  if (parsed) {
    const prefix = prefixText === undefined ? parsed.bits : Number(prefixText);
    if (!/^\d+$/.test(prefixText ?? '0') || prefix < 0 || prefix > parsed.bits) {
      return `"${text}": the prefix length must be 0–${parsed.bits}.`;
    }
    const shift = BigInt(parsed.bits - prefix);
    return {
      text,
      host: null,
      network: { value: (parsed.value >> shift) << shift, bits: parsed.bits, prefix },
    };
  }
  if (prefixText !== undefined) return `"${text}" is not a CIDR such as 10.0.0.0/8.`;
  const host = text.toLowerCase().replace(/\.$/, '');
  if (
    !/^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/.test(
      host,
    )
  ) {
    return `"${text}" is neither an IP address, a CIDR nor a host name.`;
  }
  return { text, host };
}

/** Parses a list of entries; the first invalid one is reported. */
export function parseAllowList(
  entries: readonly string[],
): { rules: AllowRule[] } | { error: string } {
  const rules: AllowRule[] = [];
  for (const entry of entries) {
    const rule = parseAllowEntry(entry);
    if (typeof rule === 'string') return { error: rule };
    rules.push(rule);
  }
  return { rules };
}

function ruleAllows(rule: AllowRule, host: string, ip: string): boolean {
  if (rule.host) return rule.host === host;
  const address = toBigInt(ip);
  const network = rule.network!;
  if (!address) return false;
  let value = address.value;
  let bits: number = address.bits;
  // An IPv4-mapped address matches IPv4 rules (::ffff:127.0.0.1 is 127.0.0.1).
  if (bits === 128 && network.bits === 32 && value >> 32n === 0xffffn) {
    value &= 0xffffffffn;
    bits = 32;
  }
  if (bits !== network.bits) return false;
  const shift = BigInt(network.bits - network.prefix);
  return (value >> shift) << shift === network.value;
}

/** Rules from `BATON_AGENT_ALLOW_NETWORKS`, parsed once per distinct value. */
let envCache: { raw: string; rules: AllowRule[] } | null = null;
function envRules(): AllowRule[] {
  const raw = envVar('BATON_AGENT_ALLOW_NETWORKS') ?? '';
  if (envCache?.raw === raw) return envCache.rules;
  const parsed = parseAllowList(raw.split(',').filter((entry) => entry.trim()));
  if ('error' in parsed) throw new Error(`BATON_AGENT_ALLOW_NETWORKS: ${parsed.error}`);
  envCache = { raw, rules: parsed.rules };
  return parsed.rules;
}

type AllowListProvider = () => Promise<readonly AllowRule[]>;
let provider: AllowListProvider | null = null;

/** Where the admin's allow-list comes from (lib/server/outbound-policy.ts registers it). */
export function setAllowListProvider(next: AllowListProvider | null): void {
  provider = next;
}

async function currentRules(): Promise<readonly AllowRule[]> {
  const fromSettings = provider ? await provider().catch(() => []) : [];
  return [...envRules(), ...fromSettings];
}

/** Why `host` (resolved to `ip`) may not be called, or null when it may. */
export async function refusalFor(host: string, ip: string): Promise<string | null> {
  const kind = classifyAddress(ip);
  if (kind === null || kind === 'public') return null;
  const name = host
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^\[|\]$/g, '');
  if (ALLOWABLE.has(kind)) {
    const rules = await currentRules();
    if (rules.some((rule) => ruleAllows(rule, name, ip))) return null;
    const shown = name === ip ? ip : `${name} (${ip})`;
    return `${shown} is ${CLASS_TEXT[kind]}; an admin can allow it in Settings → Network.`;
  }
  return `${name === ip ? ip : `${name} (${ip})`} is ${CLASS_TEXT[kind]}.`;
}

/** Thrown by the guarded lookup; safeFetch turns it into a RefusedUrlError. */
export class RefusedAddressError extends Error {
  readonly code = 'ERR_BATON_REFUSED_ADDRESS';
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'RefusedAddressError';
  }
}

/** The first RefusedAddressError along an error's cause chain. */
export function findRefusedAddress(error: unknown, depth = 0): RefusedAddressError | null {
  if (error instanceof RefusedAddressError) return error;
  if (!error || typeof error !== 'object' || depth > 6) return null;
  return findRefusedAddress((error as { cause?: unknown }).cause, depth + 1);
}

/**
 * Checks a URL whose host is an IP literal (which never goes through DNS). Host names pass here and
 * are checked after resolution. Throws RefusedAddressError.
 */
export async function checkUrlHost(url: string | URL): Promise<void> {
  const { hostname } = typeof url === 'string' ? new URL(url) : url;
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (classifyAddress(bare) === null) return;
  const reason = await refusalFor(bare, bare);
  if (reason) throw new RefusedAddressError(reason);
}

// ─── Resolution and the dispatcher ────────────────────────────────────────────────────────────────

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
/** Resolves a host name to its addresses (the system resolver by default). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolver: Resolver = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((entry) => ({
    address: entry.address,
    family: entry.family === 6 ? 6 : 4,
  }));

let resolver: Resolver = systemResolver;

/**
 * Replaces the resolver (tests use one that maps names to chosen addresses; null restores the
 * system resolver). Pooled connections keep their address, so the dispatcher is rebuilt too.
 */
export function setResolver(next: Resolver | null): void {
  resolver = next ?? systemResolver;
  const old = dispatcher;
  dispatcher = null;
  void old?.close().catch(() => {});
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/** `net.connect`'s lookup: resolve, refuse when any address is not allowed, else connect. */
export function guardedLookup(
  hostname: string,
  options: dns.LookupOptions,
  callback: LookupCallback,
): void {
  void (async () => {
    const addresses = await resolver(hostname);
    if (addresses.length === 0) {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    }
    // Every address is checked, not only the first: a name with one public and one private record
    // would otherwise reach the private one on a retry or through happy eyeballs.
    for (const entry of addresses) {
      const reason = await refusalFor(hostname, entry.address);
      if (reason) throw new RefusedAddressError(reason);
    }
    const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
    const usable = wanted ? addresses.filter((entry) => entry.family === wanted) : addresses;
    if (usable.length === 0) {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    }
    return usable;
  })().then(
    (usable) => {
      if (options.all) callback(null, usable);
      else callback(null, usable[0]!.address, usable[0]!.family);
    },
    (error: NodeJS.ErrnoException) => callback(error, options.all ? [] : ''),
  );
}

let dispatcher: Agent | null = null;

/** The dispatcher every agent call uses (keep-alive pool, guarded connect). */
export function guardedDispatcher(): Dispatcher {
  dispatcher ??= new Agent({ connect: { lookup: guardedLookup } });
  return dispatcher;
}
