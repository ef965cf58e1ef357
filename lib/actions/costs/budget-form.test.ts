import { describe, expect, it } from 'vitest';
import { isAppError } from '@/lib/errors';
import { parseBudgetIdForm, parseCreateBudgetForm, parseUpdateBudgetForm } from './budget-form';

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
}

/** The field errors a parse throws, keyed by the form's input names. */
function fieldErrors(parse: () => unknown): Record<string, string> {
  try {
    parse();
  } catch (error) {
    if (isAppError(error) && error.code === 'VALIDATION_FAILED') return error.fields ?? {};
    throw error;
  }
  throw new Error('expected a validation error');
}

const AGENT_ID = '5b1e1d1c-8f3a-4d55-9a51-2f6a5b7a9c10';

describe('parseCreateBudgetForm', () => {
  it('reads dollars as micro-dollars and the target box as the scope id', () => {
    const input = parseCreateBudgetForm(
      form({
        name: 'Writer cap',
        scope: 'agent',
        target: ` ${AGENT_ID} `,
        limit: '12.50',
        period: 'day',
        mode: 'warn',
      }),
    );
    expect(input).toMatchObject({
      name: 'Writer cap',
      scope: 'agent',
      scopeId: AGENT_ID,
      limitMicros: 12_500_000,
      period: 'day',
      mode: 'warn',
      thresholds: [50, 80, 100],
    });
    expect(input.capability ?? null).toBeNull();
  });

  it('puts a capability scope target into capability, not scopeId', () => {
    const input = parseCreateBudgetForm(
      form({ name: 'Search', scope: 'capability', target: 'search', limit: '5' }),
    );
    expect(input.capability).toBe('search');
    expect(input.scopeId ?? null).toBeNull();
  });

  it('names the form inputs, not the payload fields, in its errors', () => {
    const errors = fieldErrors(() =>
      parseCreateBudgetForm(form({ name: '', scope: 'agent', target: 'not-a-uuid', limit: '1e3' })),
    );
    expect(Object.keys(errors).sort()).toEqual(['limit', 'name', 'target']);
    expect(errors.limit).toMatch(/dollars/);
    expect(errors.target).toMatch(/UUID/);
  });

  it('asks for the target when a scope needs one', () => {
    const errors = fieldErrors(() =>
      parseCreateBudgetForm(form({ name: 'x', scope: 'capability', limit: '1' })),
    );
    expect(errors).toEqual({ target: 'A capability budget needs the capability name.' });
  });

  it('refuses an absurd limit on the limit field', () => {
    const errors = fieldErrors(() =>
      parseCreateBudgetForm(form({ name: 'x', scope: 'global', limit: '2000000000' })),
    );
    expect(errors.limit).toMatch(/too large/);
  });
});

describe('parseUpdateBudgetForm', () => {
  it('reads "50, 80 100" thresholds, sorted and without repeats', () => {
    const { id, patch } = parseUpdateBudgetForm(
      form({ id: AGENT_ID, name: 'n', limit: '3', mode: 'stop', thresholds: '80, 50 100, 80' }),
    );
    expect(id).toBe(AGENT_ID);
    expect(patch).toEqual({
      name: 'n',
      limitMicros: 3_000_000,
      mode: 'stop',
      thresholds: [50, 80, 100],
    });
  });

  it('reports every bad field at once', () => {
    const errors = fieldErrors(() =>
      parseUpdateBudgetForm(form({ id: 'x', name: 'n', limit: 'abc', thresholds: '50, 150' })),
    );
    expect(Object.keys(errors).sort()).toEqual(['id', 'limit', 'thresholds']);
  });
});

describe('parseBudgetIdForm', () => {
  it('accepts a UUID and refuses anything else', () => {
    expect(parseBudgetIdForm(form({ id: AGENT_ID }))).toBe(AGENT_ID);
    expect(fieldErrors(() => parseBudgetIdForm(form({ id: '1; drop table' })))).toHaveProperty(
      'id',
    );
  });
});
