import { describe, expect, it } from 'vitest';
import { actionError, requireForm } from './result';

describe('requireForm', () => {
  it('passes a FormData through', () => {
    const form = new FormData();
    expect(requireForm(form)).toBe(form);
  });

  it('refuses anything else as malformed, not as an unexpected error', () => {
    for (const value of [undefined, null, 2, '$K1', [1, 2], { get: 1 }]) {
      let caught: unknown;
      try {
        requireForm(value);
      } catch (error) {
        caught = error;
      }
      expect(actionError(caught, 'test'), String(value)).toMatchObject({
        ok: false,
        code: 'MALFORMED_REQUEST',
      });
    }
  });
});
