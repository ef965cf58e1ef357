import { describe, expect, it } from 'vitest';
import { validateAgentUrl } from './url';

function messageFor(text: string): string {
  const result = validateAgentUrl(text);
  if (result.ok) throw new Error(`${text} was accepted`);
  return result.message;
}

describe('validateAgentUrl', () => {
  it('accepts http(s) URLs, loopback and private ranges included', () => {
    for (const url of [
      'https://agent.example.com/a2a',
      'http://localhost:11434/v1',
      'http://127.0.0.1:3000/api/a2a/builtin/calculator',
      'http://[::1]:8080/',
      'http://10.0.0.5/',
      'http://192.168.1.20:9000/hook?x=1',
      'http://172.16.0.1/',
      'http://100.64.0.1/', // carrier-grade NAT, e.g. Tailscale
      'http://ollama:11434/v1',
    ]) {
      expect(validateAgentUrl(url), url).toMatchObject({ ok: true });
    }
    expect(validateAgentUrl('  http://localhost:11434  ')).toEqual({
      ok: true,
      url: 'http://localhost:11434/',
    });
  });

  it('names the problem with the URL itself', () => {
    expect(messageFor('')).toBe('Enter the agent URL.');
    expect(messageFor('agent.example.com')).toMatch(/^Enter a full URL/);
    expect(messageFor('ftp://agent.example.com')).toBe('Use http or https.');
    expect(messageFor('file:///etc/passwd')).toBe('Use http or https.');
    expect(messageFor('javascript:alert(1)')).toBe('Use http or https.');
    expect(messageFor('https://user:pass@agent.example.com')).toMatch(
      /Remove the user name and password/,
    );
    expect(messageFor('https://token@agent.example.com')).toMatch(
      /Remove the user name and password/,
    );
    expect(messageFor('https://agent.example.com/#frag')).toBe(
      'Remove the #fragment from the URL.',
    );
    expect(messageFor('https://agent.example.com/#')).toBe('Remove the #fragment from the URL.');
    expect(messageFor(`https://a.example.com/${'x'.repeat(3000)}`)).toMatch(/longer than 2048/);
  });

  it('refuses link-local and cloud metadata addresses, however they are written', () => {
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://169.254.0.1/',
      'http://0xa9fea9fe/', // hex IPv4
      'http://2852039166/', // decimal IPv4
      'http://0251.0376.0251.0376/', // octal IPv4
      'http://[fe80::1]/',
      'http://[febf::1]/',
      'http://[::ffff:169.254.169.254]/', // IPv4-mapped IPv6
      'http://[64:ff9b::a9fe:a9fe]/', // NAT64
    ]) {
      expect(messageFor(url), url).toMatch(/Link-local addresses/);
    }
    for (const url of [
      'http://100.100.100.200/latest/meta-data/',
      'http://metadata.google.internal/computeMetadata/v1/',
      'http://METADATA.google.internal./',
      'http://metadata/computeMetadata/v1/',
      'http://[fd00:ec2::254]/',
    ]) {
      expect(messageFor(url), url).toMatch(/Cloud metadata endpoints are refused/);
    }
  });

  it('refuses multicast, broadcast and the unspecified address', () => {
    expect(messageFor('http://224.0.0.1/')).toMatch(/Multicast/);
    expect(messageFor('http://239.255.255.250:1900/')).toMatch(/Multicast/);
    expect(messageFor('http://255.255.255.255/')).toMatch(/broadcast/);
    expect(messageFor('http://[ff02::1]/')).toMatch(/Multicast/);
    expect(messageFor('http://0.0.0.0:3000/')).toMatch(/0\.0\.0\.0 and :: are not a host/);
    expect(messageFor('http://0/')).toMatch(/0\.0\.0\.0/);
    expect(messageFor('http://[::]/')).toMatch(/0\.0\.0\.0 and ::/);
  });
});
