import { describe, expect, it } from 'vitest';
import {
  effectiveDayToIso,
  parseDollarsToMicros,
  validateCreatePriceForm,
  validateUpdatePriceForm,
} from './price-form';

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
}

const valid = {
  provider: 'acme',
  model: 'm-1',
  inputPerMTok: '3',
  outputPerMTok: '15.5',
  effectiveFrom: '2026-12-01',
};

describe('parseDollarsToMicros', () => {
  it.each([
    ['3', 3_000_000n],
    [' 0.15 ', 150_000n],
    ['$2.5', 2_500_000n],
    ['0.000001', 1n],
    ['0', 0n],
    ['-2', -2_000_000n],
    ['-$0.5', -500_000n],
  ])('reads %j as %s micro-dollars', (text, micros) => {
    expect(parseDollarsToMicros(text)).toBe(micros);
  });

  it.each(['', 'free', '1e3', '0.0000001', '1,000', '--1', '3 $'])('refuses %j', (text) => {
    expect(parseDollarsToMicros(text)).toBeNull();
  });
});

describe('effectiveDayToIso', () => {
  it('takes a day as its start in UTC', () => {
    expect(effectiveDayToIso('2026-12-01')).toBe('2026-12-01T00:00:00.000Z');
    expect(effectiveDayToIso(' 2028-02-29 ')).toBe('2028-02-29T00:00:00.000Z');
  });

  it.each(['', 'soon', '2026-02-31', '2026-13-01', '2026-1-5', '2026-12-01T10:00:00Z'])(
    'refuses %j',
    (text) => {
      expect(effectiveDayToIso(text)).toBeNull();
    },
  );
});

describe('validateCreatePriceForm', () => {
  it('converts a valid form to the REST payload, in micro-dollars', () => {
    const result = validateCreatePriceForm(form(valid));
    expect(result).toEqual({
      ok: true,
      input: {
        provider: 'acme',
        model: 'm-1',
        inputPerMTokMicros: 3_000_000,
        outputPerMTokMicros: 15_500_000,
        effectiveFrom: new Date('2026-12-01T00:00:00Z'),
      },
    });
  });

  it('names the field of a negative price with the schema message', () => {
    const result = validateCreatePriceForm(form({ ...valid, inputPerMTok: '-1' }));
    expect(result).toEqual({
      ok: false,
      fieldErrors: { inputPerMTokMicros: 'Prices cannot be negative.' },
    });
  });

  it('reports every problem at once, each under its own field', () => {
    const result = validateCreatePriceForm(
      form({
        provider: ' ',
        model: '',
        inputPerMTok: 'free',
        outputPerMTok: '',
        effectiveFrom: 'x',
      }),
    );
    expect(result.ok).toBe(false);
    const errors = result.ok ? {} : result.fieldErrors;
    expect(Object.keys(errors).sort()).toEqual([
      'effectiveFrom',
      'inputPerMTokMicros',
      'model',
      'outputPerMTokMicros',
      'provider',
    ]);
    expect(errors.provider).toMatch(/Enter the provider/);
    expect(errors.inputPerMTokMicros).toMatch(/dollar amount/);
    expect(errors.effectiveFrom).toMatch(/YYYY-MM-DD/);
  });

  it('refuses a price above the schema cap', () => {
    const result = validateCreatePriceForm(form({ ...valid, outputPerMTok: '2000000000' }));
    expect(result.ok ? null : result.fieldErrors.outputPerMTokMicros).toMatch(/too large/);
  });
});

describe('validateUpdatePriceForm', () => {
  it('reads both prices', () => {
    expect(validateUpdatePriceForm(form({ inputPerMTok: '1.25', outputPerMTok: '0' }))).toEqual({
      ok: true,
      input: { inputPerMTokMicros: 1_250_000, outputPerMTokMicros: 0 },
    });
  });

  it('names the negative field and leaves the good one alone', () => {
    const result = validateUpdatePriceForm(form({ inputPerMTok: '1', outputPerMTok: '-0.5' }));
    expect(result).toEqual({
      ok: false,
      fieldErrors: { outputPerMTokMicros: 'Prices cannot be negative.' },
    });
  });
});
