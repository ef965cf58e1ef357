import { describe, expect, it } from 'vitest';
import { AgentCardError, agentCardUrl, importCard } from './a2a';

const CARD_URL = 'http://127.0.0.1:9999/.well-known/agent-card.json';

function cardWith(overrides: Record<string, unknown>) {
  return {
    name: 'Echo',
    description: 'Echoes',
    version: '1.2.3',
    supportedInterfaces: [
      { url: 'http://127.0.0.1:9999/rpc', protocolBinding: 'JSONRPC', protocolVersion: '1.0' },
    ],
    capabilities: { streaming: true },
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: [
      { id: 'echo', name: 'Echo', description: 'Echo text', tags: ['echo'], examples: ['hi'] },
    ],
    ...overrides,
  };
}

function problem(card: unknown): string {
  try {
    importCard(card, card, CARD_URL);
  } catch (error) {
    expect(error).toBeInstanceOf(AgentCardError);
    return (error as Error).message;
  }
  throw new Error('the card was accepted');
}

describe('agentCardUrl', () => {
  it('reads the card under the agent URL path, or takes a card URL as is', () => {
    expect(agentCardUrl('http://localhost:3000')).toBe(
      'http://localhost:3000/.well-known/agent-card.json',
    );
    expect(agentCardUrl('http://localhost:3000/api/a2a/builtin/calculator')).toBe(
      'http://localhost:3000/api/a2a/builtin/calculator/.well-known/agent-card.json',
    );
    expect(agentCardUrl('https://a.example.com/agents/x/?v=1')).toBe(
      'https://a.example.com/agents/x/.well-known/agent-card.json',
    );
    expect(agentCardUrl('https://a.example.com/x/.well-known/agent-card.json')).toBe(
      'https://a.example.com/x/.well-known/agent-card.json',
    );
  });

  it('refuses URLs Baton must not call', () => {
    expect(() => agentCardUrl('http://169.254.169.254/')).toThrow(/Link-local/);
    expect(() => agentCardUrl('ftp://x')).toThrow('Use http or https.');
  });
});

describe('importCard', () => {
  it('maps a card to what Baton stores', () => {
    const imported = importCard(cardWith({}), { raw: true }, CARD_URL);
    expect(imported).toMatchObject({
      cardUrl: CARD_URL,
      name: 'Echo',
      version: '1.2.3',
      streaming: true,
      interfaces: [
        { url: 'http://127.0.0.1:9999/rpc', protocolBinding: 'JSONRPC', protocolVersion: '1.0' },
      ],
      capabilities: [
        {
          name: 'echo',
          description: 'Echo text',
          inputTypes: ['text/plain'],
          outputTypes: ['text/plain'],
          tags: ['echo'],
          examples: ['hi'],
        },
      ],
      raw: { raw: true },
    });
    expect(imported.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('says what is missing from an invalid card', () => {
    const where = '127.0.0.1:9999/.well-known/agent-card.json is not a valid agent card';
    expect(problem(cardWith({ name: undefined }))).toBe(`http://${where}: name is missing.`);
    expect(problem(cardWith({ skills: undefined }))).toBe(`http://${where}: skills is missing.`);
    expect(problem(cardWith({ skills: [{ name: 'x' }] }))).toBe(
      `http://${where}: skills[0].id is missing.`,
    );
    expect(problem(cardWith({ supportedInterfaces: [] }))).toMatch(
      /supportedInterfaces \(the URL to send messages to\) is empty/,
    );
    expect(problem('just text')).toMatch(/is not a valid agent card/);
  });

  it('refuses interfaces Baton must not call or cannot speak', () => {
    expect(
      problem(
        cardWith({
          supportedInterfaces: [{ url: 'http://169.254.169.254/rpc', protocolBinding: 'JSONRPC' }],
        }),
      ),
    ).toMatch(/interface URL was refused \(http:\/\/169\.254\.169\.254\/rpc: Link-local/);
    expect(
      problem(
        cardWith({
          supportedInterfaces: [{ url: 'http://127.0.0.1:1/', protocolBinding: 'GRPC' }],
        }),
      ),
    ).toMatch(/offers no interface Baton can call \(JSONRPC or HTTP\+JSON; it lists GRPC\)/);
    // A bad interface next to a good one is dropped, not fatal.
    const imported = importCard(
      cardWith({
        supportedInterfaces: [
          { url: 'http://[fe80::1]/rpc', protocolBinding: 'JSONRPC' },
          { url: '/rpc', protocolBinding: 'HTTP+JSON', protocolVersion: '1.0' },
        ],
      }),
      null,
      CARD_URL,
    );
    expect(imported.interfaces).toEqual([
      { url: 'http://127.0.0.1:9999/rpc', protocolBinding: 'HTTP+JSON', protocolVersion: '1.0' },
    ]);
  });
});
