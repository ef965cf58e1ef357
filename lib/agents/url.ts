/**
 * Checks an agent URL before Baton stores it or calls it. Baton makes requests from inside the
 * operator's network, so an agent URL is a server-side request forgery (SSRF) vector: the checks
 * refuse the addresses an attacker would aim at — link-local and cloud metadata services (which
 * hand out cloud credentials), multicast and the unspecified address. Loopback and private ranges
 * stay allowed on purpose: a model served by Ollama on localhost or an agent on the LAN is the
 * normal case for a self-hosted control plane.
 *
 * The check is on the URL as written (after WHATWG normalization, which also canonicalizes
 * obfuscated IPv4 forms such as `http://0xa9fea9fe/` or `http://2852039166/`). It does not resolve
 * DNS, so a public name that resolves to a link-local address is not caught here.
 *
 * Pure (no Node APIs): forms may run it in the browser too.
 */

export type AgentUrlCheck = { ok: true; url: string } | { ok: false; message: string };

const METADATA_HOSTS = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'metadata',
  'instance-data.ec2.internal',
]);

const MESSAGES = {
  empty: 'Enter the agent URL.',
  unparsable: 'Enter a full URL such as https://agent.example.com or http://localhost:11434/v1.',
  protocol: 'Use http or https.',
  credentials:
    "Remove the user name and password from the URL; put credentials in the agent's secret.",
  fragment: 'Remove the #fragment from the URL.',
  host: 'The URL needs a host name or IP address.',
  linkLocal:
    'Link-local addresses (169.254.0.0/16, fe80::/10) are refused: cloud metadata services live there.',
  metadata: 'Cloud metadata endpoints are refused: they hand out the machine’s credentials.',
  multicast: 'Multicast and broadcast addresses cannot host an agent.',
  unspecified: '0.0.0.0 and :: are not a host to call; use 127.0.0.1, localhost or a host name.',
} as const;

export const MAX_AGENT_URL_LENGTH = 2048;

export function validateAgentUrl(text: string): AgentUrlCheck {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, message: MESSAGES.empty };
  if (trimmed.length > MAX_AGENT_URL_LENGTH) {
    return { ok: false, message: `The URL is longer than ${MAX_AGENT_URL_LENGTH} characters.` };
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, message: MESSAGES.unparsable };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: MESSAGES.protocol };
  }
  if (url.username || url.password) return { ok: false, message: MESSAGES.credentials };
  // `https://host/#` parses with an empty hash; the literal '#' is still a fragment.
  if (url.hash || trimmed.includes('#')) return { ok: false, message: MESSAGES.fragment };
  if (!url.hostname) return { ok: false, message: MESSAGES.host };

  const refusal = refuseHost(url.hostname);
  if (refusal) return { ok: false, message: refusal };
  return { ok: true, url: url.href };
}

/** Why a (WHATWG-normalized) hostname must not be called, or null when it may. */
function refuseHost(hostname: string): string | null {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (!host) return MESSAGES.host;
  if (METADATA_HOSTS.has(host)) return MESSAGES.metadata;
  const v4 = parseIPv4(host);
  if (v4) return refuseIPv4(v4);
  if (host.startsWith('[') && host.endsWith(']')) {
    const v6 = parseIPv6(host.slice(1, -1));
    if (!v6) return MESSAGES.unparsable;
    return refuseIPv6(v6);
  }
  return null;
}

type IPv4 = [number, number, number, number];

function parseIPv4(host: string): IPv4 | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!match) return null;
  const octets = match.slice(1).map(Number);
  if (octets.some((octet) => octet > 255)) return null;
  return octets as IPv4;
}

function refuseIPv4([a, b, c, d]: IPv4): string | null {
  if (a === 0) return MESSAGES.unspecified; // 0.0.0.0/8 "this network"; 0.0.0.0 reaches localhost
  if (a === 169 && b === 254) return MESSAGES.linkLocal; // AWS, Azure, GCP, OCI metadata
  if (a === 100 && b === 100 && c === 100 && d === 200) return MESSAGES.metadata; // Alibaba Cloud
  if (a >= 224 && a <= 239) return MESSAGES.multicast;
  if (a === 255 && b === 255 && c === 255 && d === 255) return MESSAGES.multicast;
  return null;
}

/** Eight 16-bit groups, or null when not an IPv6 address. */
function parseIPv6(text: string): number[] | null {
  let source = text;
  // An embedded dotted IPv4 tail (`::ffff:1.2.3.4`); WHATWG serializes it as hex, but be lenient.
  const tail = /^(.*:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(source);
  if (tail) {
    const v4 = parseIPv4(tail[2]!);
    if (!v4) return null;
    source = `${tail[1]}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const halves = source.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (part: string) => (part ? part.split(':') : []);
  const head = parseGroups(halves[0]!);
  const rest = halves.length === 2 ? parseGroups(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (groups.some((group) => !/^[0-9a-f]{1,4}$/i.test(group))) return null;
  return groups.map((group) => parseInt(group, 16));
}

function refuseIPv6(groups: number[]): string | null {
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
  if (groups.every((group) => group === 0)) return MESSAGES.unspecified;
  if ((g0 & 0xffc0) === 0xfe80) return MESSAGES.linkLocal;
  if ((g0 & 0xff00) === 0xff00) return MESSAGES.multicast;
  // AWS instance metadata over IPv6: fd00:ec2::254.
  if (g0 === 0xfd00 && g1 === 0x0ec2 && !g2 && !g3 && !g4 && !g5 && !g6 && g7 === 0x254) {
    return MESSAGES.metadata;
  }
  const embedded: IPv4 = [g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff];
  const firstFiveZero = !g0 && !g1 && !g2 && !g3 && !g4;
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) addresses reach the IPv4 host.
  if (firstFiveZero && (g5 === 0xffff || (g5 === 0 && (g6 !== 0 || g7 > 1)))) {
    return refuseIPv4(embedded);
  }
  // NAT64 (64:ff9b::/96) translates to the embedded IPv4 address.
  if (g0 === 0x64 && g1 === 0xff9b && !g2 && !g3 && !g4 && !g5) return refuseIPv4(embedded);
  return null;
}
