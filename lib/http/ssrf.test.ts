import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkUrlHost,
  classifyAddress,
  guardedLookup,
  parseAllowEntry,
  refusalFor,
  setResolver,
} from './ssrf';

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fd00::1', 'private'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['64:ff9b::a00:1', 'private'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['93.184.216.34', 'public'],
    ['2606:4700::1111', 'public'],
  ])('%s is %s', (ip, kind) => {
    expect(classifyAddress(ip)).toBe(kind);
  });

  it('is null for host names', () => {
    expect(classifyAddress('example.com')).toBeNull();
  });
});

describe('checkUrlHost without an allow-list', () => {
  const saved = process.env.BATON_AGENT_ALLOW_NETWORKS;
  beforeEach(() => {
    delete process.env.BATON_AGENT_ALLOW_NETWORKS;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.BATON_AGENT_ALLOW_NETWORKS;
    else process.env.BATON_AGENT_ALLOW_NETWORKS = saved;
  });

  // The WHATWG parser canonicalizes these to 127.0.0.1 / ::ffff:7f00:1, which are then refused.
  it.each([
    'http://127.0.0.1/',
    'http://0x7f000001/',
    'http://2130706433/',
    'http://127.1/',
    'http://017700000001/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::1]:8080/',
    'http://10.0.0.1/',
  ])('refuses %s', async (url) => {
    await expect(checkUrlHost(url)).rejects.toThrow(/loopback|private/);
  });

  it('lets host names through (they are checked after resolution)', async () => {
    await expect(checkUrlHost('http://agent.example.com/')).resolves.toBeUndefined();
  });

  it('allows a network once it is on the list, mapped IPv6 included', async () => {
    process.env.BATON_AGENT_ALLOW_NETWORKS = '127.0.0.0/8';
    await expect(checkUrlHost('http://127.1/')).resolves.toBeUndefined();
    await expect(checkUrlHost('http://[::ffff:127.0.0.1]/')).resolves.toBeUndefined();
    await expect(checkUrlHost('http://10.0.0.1/')).rejects.toThrow(/private/);
  });

  it('never allows link-local, even when listed', async () => {
    process.env.BATON_AGENT_ALLOW_NETWORKS = '169.254.0.0/16';
    expect(await refusalFor('169.254.169.254', '169.254.169.254')).toMatch(/link-local/);
  });

  it('allows a listed host name only for that name', async () => {
    process.env.BATON_AGENT_ALLOW_NETWORKS = 'ollama.lan';
    expect(await refusalFor('ollama.lan', '192.168.1.20')).toBeNull();
    expect(await refusalFor('other.lan', '192.168.1.20')).toMatch(/private-network/);
  });
});

describe('guardedLookup', () => {
  const saved = process.env.BATON_AGENT_ALLOW_NETWORKS;
  beforeEach(() => {
    delete process.env.BATON_AGENT_ALLOW_NETWORKS;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.BATON_AGENT_ALLOW_NETWORKS;
    else process.env.BATON_AGENT_ALLOW_NETWORKS = saved;
    setResolver(null);
  });

  const lookup = (host: string, all: boolean) =>
    new Promise<unknown>((resolve, reject) =>
      guardedLookup(host, { all }, (error, address) => (error ? reject(error) : resolve(address))),
    );

  it('refuses a name when any of its addresses is private', async () => {
    setResolver(async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.7', family: 4 },
    ]);
    await expect(lookup('mixed.example', true)).rejects.toThrow(/mixed\.example \(10\.0\.0\.7\)/);
  });

  it('answers in both callback shapes for public addresses', async () => {
    setResolver(async () => [{ address: '93.184.216.34', family: 4 }]);
    expect(await lookup('public.example', false)).toBe('93.184.216.34');
    expect(await lookup('public.example', true)).toEqual([{ address: '93.184.216.34', family: 4 }]);
  });
});

describe('parseAllowEntry', () => {
  it('reads CIDRs, addresses and host names and names bad entries', () => {
    expect(parseAllowEntry('10.0.0.0/8')).toMatchObject({ host: null });
    expect(parseAllowEntry('::1')).toMatchObject({ host: null });
    expect(parseAllowEntry('Ollama.LAN.')).toMatchObject({ host: 'ollama.lan' });
    expect(parseAllowEntry('10.0.0.0/40')).toMatch(/prefix length/);
    expect(parseAllowEntry('not a host')).toMatch(/neither/);
  });
});
