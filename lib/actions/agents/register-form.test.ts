import { describe, expect, it } from 'vitest';
import {
  agentNameFrom,
  errorKeyForInput,
  registerPayloadFromForm,
  splitList,
  validateRegisterForm,
} from './register-form';

function form(entries: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) data.append(key, value);
  return data;
}

const OPENAI = {
  kind: 'openai',
  name: 'local-llama',
  displayName: '',
  description: '',
  endpointUrl: 'http://localhost:11434/v1',
  'config.model': 'llama3.2',
  'config.systemPrompt': '',
  'config.probe': 'models',
  secret: '',
  'capabilities.0.name': 'summarize',
  'capabilities.0.description': 'Summaries',
  'capabilities.0.tags': 'text, summary,, ',
  'capabilities.0.inputTypes': '',
  'capabilities.0.outputTypes': 'text/plain, application/json',
  maxConcurrentTasks: '4',
  weight: '100',
  priceInputPerMTok: '0.15',
  priceOutputPerMTok: '$0.60',
  pricePerCall: '',
  healthCheckIntervalS: '60',
};

describe('validateRegisterForm', () => {
  it('turns dollars into integer micro-dollars and lists into arrays', () => {
    const result = validateRegisterForm(form(OPENAI));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.payload).toMatchObject({
      kind: 'openai',
      name: 'local-llama',
      endpointUrl: 'http://localhost:11434/v1',
      config: { model: 'llama3.2', probe: 'models' },
      priceInputPerMTokMicros: 150_000,
      priceOutputPerMTokMicros: 600_000,
      pricePerCallMicros: 0,
      maxConcurrentTasks: 4,
      autoRecover: false,
      capabilities: [
        {
          name: 'summarize',
          description: 'Summaries',
          tags: ['text', 'summary'],
          inputTypes: ['text/plain'],
          outputTypes: ['text/plain', 'application/json'],
        },
      ],
    });
    // Blank optional inputs are left out, never sent as "".
    expect(result.payload).not.toHaveProperty('secret', '');
    expect(result.payload.displayName).toBeUndefined();
  });

  it('sends the chosen model price as priceProvider + priceModel, and none when none is chosen', () => {
    const chosen = validateRegisterForm(form({ ...OPENAI, priceModel: 'acme/gpt-x/2025' }));
    expect(chosen.ok && [chosen.payload.priceProvider, chosen.payload.priceModel]).toEqual([
      'acme',
      'gpt-x/2025',
    ]);
    const none = validateRegisterForm(form({ ...OPENAI, priceModel: '' }));
    expect(none.ok && [none.payload.priceProvider, none.payload.priceModel]).toEqual([
      undefined,
      undefined,
    ]);
  });

  it('keeps sub-cent prices exact', () => {
    const result = validateRegisterForm(form({ ...OPENAI, pricePerCall: '0.000001' }));
    expect(result.ok && result.payload.pricePerCallMicros).toBe(1);
  });

  it('names each bad field by its payload path', () => {
    const result = validateRegisterForm(
      form({
        ...OPENAI,
        name: 'Bad Name',
        endpointUrl: 'ftp://x',
        'config.model': '',
        priceInputPerMTok: '1.2345678',
        weight: 'heavy',
        'capabilities.0.name': '',
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors).sort()).toEqual([
      'capabilities.0.name',
      'config.model',
      'endpointUrl',
      'name',
      'priceInputPerMTokMicros',
      'weight',
    ]);
    expect(result.fieldErrors.priceInputPerMTokMicros).toMatch(/dollar amount/);
    expect(result.fieldErrors.weight).toBe('Enter a whole number.');
    expect(result.fieldErrors['capabilities.0.name']).toMatch(/remove this row/);
  });

  it('asks webhook and openai agents for at least one capability', () => {
    const result = validateRegisterForm(
      form({ kind: 'webhook', name: 'hook', endpointUrl: 'https://hooks.example.com/run' }),
    );
    expect(!result.ok && result.fieldErrors.capabilities).toMatch(/at least one capability/);
  });

  it('keys capability errors by position even when the editor numbered rows with a gap', () => {
    const { fieldErrors, payload } = registerPayloadFromForm(
      form({
        kind: 'webhook',
        name: 'hook',
        endpointUrl: 'https://hooks.example.com',
        'capabilities.0.name': 'first',
        'capabilities.2.name': '',
      }),
    );
    expect(payload.capabilities).toHaveLength(2);
    expect(Object.keys(fieldErrors)).toEqual(['capabilities.1.name']);
  });

  it('sends no endpoint, secret or capabilities for a builtin', () => {
    const result = validateRegisterForm(
      form({
        kind: 'builtin',
        name: 'calc-2',
        'config.builtin': 'calculator',
        endpointUrl: 'http://ignored',
        secret: 'ignored',
        'capabilities.0.name': 'ignored',
        autoRecover: 'on',
      }),
    );
    expect(result).toEqual({
      ok: true,
      payload: expect.objectContaining({
        kind: 'builtin',
        config: { builtin: 'calculator' },
        autoRecover: true,
      }),
    });
    if (!result.ok) return;
    expect(result.payload).not.toHaveProperty('endpointUrl');
    expect(result.payload.secret).toBeUndefined();
    expect(result.payload.capabilities).toBeUndefined();
  });

  it('reads the A2A canary switch and bearer token', () => {
    const result = validateRegisterForm(
      form({
        kind: 'a2a',
        name: 'remote',
        endpointUrl: 'http://localhost:3130/api/a2a/builtin/calculator',
        'config.canary': 'on',
        secret: ' tok ',
      }),
    );
    expect(result.ok && result.payload).toMatchObject({ config: { canary: true }, secret: 'tok' });
  });

  it('reads an MCP server: URL and bearer token, no capabilities (its tools are listed)', () => {
    const result = validateRegisterForm(
      form({
        kind: 'mcp',
        name: 'tools',
        endpointUrl: 'https://tools.example.com/mcp',
        secret: 's1',
      }),
    );
    expect(result.ok && result.payload).toMatchObject({
      kind: 'mcp',
      endpointUrl: 'https://tools.example.com/mcp',
      config: {},
      secret: 's1',
    });
    expect(result.ok && result.payload.capabilities).toBeUndefined();
  });

  it('refuses an MCP server without a URL, at endpointUrl', () => {
    const result = validateRegisterForm(form({ kind: 'mcp', name: 'tools', endpointUrl: '' }));
    expect(!result.ok && result.fieldErrors.endpointUrl).toBeTruthy();
  });

  it('reports an unknown kind at `kind`', () => {
    const result = validateRegisterForm(form({ kind: 'telepathy', name: 'x1' }));
    expect(!result.ok && result.fieldErrors.kind).toMatch(/Choose the agent kind/);
  });
});

describe('splitList', () => {
  it('trims and drops empty items', () => {
    expect(splitList(' a, b ,,c,')).toEqual(['a', 'b', 'c']);
    expect(splitList('')).toEqual([]);
  });
});

describe('errorKeyForInput', () => {
  it('maps price inputs to their micro-dollar fields', () => {
    expect(errorKeyForInput('pricePerCall', form({}))).toBe('pricePerCallMicros');
  });

  it('maps capability rows to their position, not their row number', () => {
    const rows = form({ 'capabilities.0.name': 'a', 'capabilities.3.name': '' });
    expect(errorKeyForInput('capabilities.3.name', rows)).toBe('capabilities.1.name');
  });

  it('keeps other inputs as they are', () => {
    expect(errorKeyForInput('config.model', form({}))).toBe('config.model');
  });
});

describe('agentNameFrom', () => {
  it('turns a display name into a valid agent name', () => {
    expect(agentNameFrom('Invoice Parser v2')).toBe('invoice-parser-v2');
    expect(agentNameFrom('  Café — Résumé Agent!  ')).toBe('cafe-resume-agent');
    const long = agentNameFrom('x'.repeat(62) + ' y');
    expect(long).toHaveLength(62);
    expect(validateRegisterForm(form({ ...OPENAI, name: long })).ok).toBe(true);
  });

  it('gives nothing when no usable characters are left', () => {
    expect(agentNameFrom('日本語')).toBe('');
    expect(agentNameFrom('a')).toBe('');
  });
});
