import { describe, expect, it } from 'vitest';
import {
  REMOVE_SECRET_FIELD,
  updatePayloadFromForm,
  usdInputValue,
  validateUpdateForm,
  type EditableAgent,
} from './update-form';

function form(entries: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) data.append(key, value);
  return data;
}

const WEBHOOK: EditableAgent = {
  kind: 'webhook',
  name: 'hook',
  displayName: 'Hook',
  description: '',
  endpointUrl: 'https://hooks.example.com',
  config: { healthUrl: 'https://hooks.example.com/health' },
  maxConcurrentTasks: 4,
  weight: 100,
  priceInputPerMTok: 0n,
  priceOutputPerMTok: 0n,
  pricePerCall: 500n,
  healthCheckIntervalS: 60,
  autoRecover: false,
  capabilities: [
    {
      name: 'summarize',
      description: 'Summaries',
      inputTypes: ['text/plain'],
      outputTypes: ['text/plain'],
      tags: ['text'],
      examples: ['Summarize this'],
    },
  ],
};

/** The form exactly as the edit page renders it for WEBHOOK. */
const UNCHANGED = {
  name: 'hook',
  displayName: 'Hook',
  description: '',
  endpointUrl: 'https://hooks.example.com',
  'config.healthUrl': 'https://hooks.example.com/health',
  secret: '',
  'capabilities.0.name': 'summarize',
  'capabilities.0.description': 'Summaries',
  'capabilities.0.tags': 'text',
  'capabilities.0.inputTypes': 'text/plain',
  'capabilities.0.outputTypes': 'text/plain',
  maxConcurrentTasks: '4',
  weight: '100',
  priceInputPerMTok: '0.00',
  priceOutputPerMTok: '0.00',
  pricePerCall: '0.0005',
  healthCheckIntervalS: '60',
};

describe('updatePayloadFromForm', () => {
  it('sends nothing for an untouched form (an empty secret keeps the stored one)', () => {
    expect(updatePayloadFromForm(form(UNCHANGED), WEBHOOK)).toEqual({
      payload: {},
      fieldErrors: {},
    });
  });

  it('sends the model price pair when the select changes, both nulls when set back to none', () => {
    expect(
      updatePayloadFromForm(form({ ...UNCHANGED, priceModel: 'acme/gpt-x' }), WEBHOOK).payload,
    ).toEqual({ priceProvider: 'acme', priceModel: 'gpt-x' });
    const priced = { ...WEBHOOK, priceProvider: 'acme', priceModel: 'gpt-x' };
    expect(
      updatePayloadFromForm(form({ ...UNCHANGED, priceModel: 'acme/gpt-x' }), priced).payload,
    ).toEqual({});
    expect(updatePayloadFromForm(form({ ...UNCHANGED, priceModel: '' }), priced).payload).toEqual({
      priceProvider: null,
      priceModel: null,
    });
  });

  it('sends only the changed fields, dollars as micro-dollars', () => {
    const { payload } = updatePayloadFromForm(
      form({
        ...UNCHANGED,
        displayName: ' Hook v2 ',
        maxConcurrentTasks: '8',
        pricePerCall: '$1,234.5',
        autoRecover: 'on',
      }),
      WEBHOOK,
    );
    expect(payload).toEqual({
      displayName: 'Hook v2',
      maxConcurrentTasks: 8,
      pricePerCallMicros: 1_234_500_000,
      autoRecover: true,
    });
  });

  it('replaces the secret when one is typed and removes it with the checkbox', () => {
    expect(
      updatePayloadFromForm(form({ ...UNCHANGED, secret: 's3cret' }), WEBHOOK).payload,
    ).toEqual({ secret: 's3cret' });
    expect(
      updatePayloadFromForm(
        form({ ...UNCHANGED, secret: 'ignored', [REMOVE_SECRET_FIELD]: 'on' }),
        WEBHOOK,
      ).payload,
    ).toEqual({ secret: null });
  });

  it('keeps config the form does not show and drops blanked optional fields', () => {
    const a2a: EditableAgent = {
      ...WEBHOOK,
      kind: 'a2a',
      config: { headers: { 'X-Team': 'ops' } },
      capabilities: [],
    };
    const { payload } = updatePayloadFromForm(form({ ...UNCHANGED, 'config.canary': 'on' }), a2a);
    expect(payload).toEqual({ config: { headers: { 'X-Team': 'ops' }, canary: true } });
    expect(
      updatePayloadFromForm(form({ ...UNCHANGED, 'config.healthUrl': ' ' }), WEBHOOK).payload,
    ).toEqual({ config: {} });
  });

  it('sends changed capabilities whole, keeping each one’s examples', () => {
    const { payload } = updatePayloadFromForm(
      form({
        ...UNCHANGED,
        'capabilities.0.tags': 'text, summary',
        'capabilities.3.name': 'translate',
        'capabilities.3.inputTypes': '',
      }),
      WEBHOOK,
    );
    expect(payload.capabilities).toEqual([
      {
        name: 'summarize',
        description: 'Summaries',
        tags: ['text', 'summary'],
        inputTypes: ['text/plain'],
        outputTypes: ['text/plain'],
        examples: ['Summarize this'],
      },
      {
        name: 'translate',
        description: '',
        tags: [],
        inputTypes: ['text/plain'],
        outputTypes: ['text/plain'],
        examples: [],
      },
    ]);
  });

  it('leaves a builtin agent’s endpoint, secret and config alone', () => {
    const builtin: EditableAgent = {
      ...WEBHOOK,
      kind: 'builtin',
      endpointUrl: null,
      config: { builtin: 'text-tools' },
    };
    const { payload } = updatePayloadFromForm(
      form({ ...UNCHANGED, endpointUrl: '', secret: 'x', weight: '5' }),
      builtin,
    );
    expect(payload).toEqual({ weight: 5 });
  });
});

describe('validateUpdateForm', () => {
  it('reports every problem by payload path', () => {
    const result = validateUpdateForm(
      form({
        ...UNCHANGED,
        name: 'Not A Slug',
        displayName: '',
        endpointUrl: 'ftp://x.example.com',
        maxConcurrentTasks: '0',
        weight: '',
        pricePerCall: '0.1234567',
        'capabilities.0.name': '',
      }),
      WEBHOOK,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors).sort()).toEqual([
      'capabilities.0.name',
      'displayName',
      'endpointUrl',
      'maxConcurrentTasks',
      'name',
      'pricePerCallMicros',
      'weight',
    ]);
    expect(result.fieldErrors.maxConcurrentTasks).toMatch(/at least 1/);
    expect(result.fieldErrors.weight).toBe('Enter a whole number.');
  });

  it('checks the kind’s config (config.model) and requires a capability', () => {
    const openai: EditableAgent = { ...WEBHOOK, kind: 'openai', config: { model: 'llama3.2' } };
    const result = validateUpdateForm(
      form({
        name: 'hook',
        displayName: 'Hook',
        endpointUrl: 'https://hooks.example.com',
        'config.model': ' ',
        'config.probe': 'models',
        maxConcurrentTasks: '4',
        weight: '100',
        pricePerCall: '0.0005',
        healthCheckIntervalS: '60',
      }),
      openai,
    );
    expect(result).toEqual({
      ok: false,
      fieldErrors: {
        'config.model': 'Enter the model name.',
        capabilities: 'Add at least one capability, so Baton knows what to route to this agent.',
      },
    });
  });

  it('accepts a valid change', () => {
    expect(validateUpdateForm(form({ ...UNCHANGED, weight: '7' }), WEBHOOK)).toEqual({
      ok: true,
      payload: { weight: 7 },
    });
  });
});

describe('usdInputValue', () => {
  it('formats micro-dollars for a dollar input that parseUsd reads back', () => {
    expect(usdInputValue(0n)).toBe('0.00');
    expect(usdInputValue(500n)).toBe('0.0005');
    expect(usdInputValue(1_234_500_000n)).toBe('1234.50');
  });
});
