import { describe, expect, it } from 'vitest';
import {
  calculate,
  extractExpression,
  MAX_EXPRESSION_CHARS,
  MAX_NESTING,
  runCalculate,
} from './calculator';
import { BuiltinError } from './input';

function refusal(text: string, context?: unknown): string {
  try {
    calculate(text, context);
  } catch (error) {
    expect(error).toBeInstanceOf(BuiltinError);
    return (error as BuiltinError).message;
  }
  throw new Error(`"${text}" was evaluated, but should have been refused`);
}

describe('calculator', () => {
  it('finds the expression in the catalog examples', () => {
    expect(calculate('Calculate 15 * 7')).toEqual({ expression: '15 * 7', result: 105 });
    expect(calculate('What is 25 * 4?')).toEqual({ expression: '25 * 4', result: 100 });
    expect(calculate('compute (2 + 3) ^ 2').result).toBe(25);
  });

  it('applies operator precedence and associativity', () => {
    expect(calculate('2 + 3 * 4').result).toBe(14);
    expect(calculate('(2 + 3) * 4').result).toBe(20);
    expect(calculate('2 ^ 3 ^ 2').result).toBe(512); // right-associative
    expect(calculate('-2 ^ 2').result).toBe(-4);
    expect(calculate('10 - 4 - 3').result).toBe(3);
    expect(calculate('7 mod 3 + 10!').result).toBe(3628801);
    expect(calculate('0.1 + 0.2').result).toBe(0.3);
  });

  it('reads worded arithmetic and picks the calculation out of a sentence', () => {
    expect(calculate('15 times 7').result).toBe(105);
    expect(calculate('what is 15% of 200').result).toBe(30);
    expect(calculate('square root of 16').result).toBe(4);
    expect(calculate('subtract 3 from 10').result).toBe(7);
    expect(calculate('In 2023, what is 5 * 3?').result).toBe(15);
    expect(calculate('Calculate 15 * 7 and then format it as JSON').result).toBe(105);
    expect(calculate('max(3, 9, 4) + sqrt(16)').result).toBe(13);
  });

  it('uses the dependency result for "the result"', () => {
    expect(calculate('multiply the result by 2', 105)).toEqual({
      expression: '(105) * 2',
      result: 210,
    });
    expect(calculate('add 5 to the result', [{ ref: 't1', output: 105 }]).result).toBe(110);
    expect(
      calculate('multiply the result by 10', [{ ref: 't1', output: { words: 2 } }]).result,
    ).toBe(20);
  });

  it('refuses code, definitions and anything beyond arithmetic, by name', () => {
    expect(refusal('import("fs")')).toBe('"import" is not available in the calculator.');
    expect(refusal('evaluate("1 + 1")')).toBe('"evaluate" is not available in the calculator.');
    expect(refusal('Please compute import({}, {override: true}) now')).toMatch(/"import" is not/);
    expect(refusal('createUnit("foo")')).toMatch(/"createUnit" is not available/);
    expect(refusal('parse("1")')).toMatch(/"parse" is not available/);
    expect(refusal('x = 5')).toMatch(/Assignments are not allowed/);
    expect(refusal('f(x) = x^2')).toMatch(/Function definitions are not allowed/);
    expect(refusal('1:1000000000')).toMatch(/Ranges are not allowed/);
    expect(refusal('[1, 2, 3]')).toMatch(/Matrices are not allowed/);
    expect(refusal('a.constructor')).toMatch(/Property accesses are not allowed/);
    expect(refusal('5 cm')).toBe('Unknown name "cm" in the expression.');
    expect(refusal('"abc"')).toBe('Only numbers can appear in the expression.');
    expect(refusal('1 < 2')).toMatch(/operator "<" is not available/);
  });

  it('rejects non-finite and non-real results', () => {
    expect(refusal('1/0')).toMatch(/not a finite number/);
    expect(refusal('2 ^ 1e6')).toMatch(/not a finite number/);
    expect(refusal('factorial(1e6)')).toMatch(/not a finite number/);
    expect(refusal('0/0')).toMatch(/not a finite number/);
    expect(refusal('sqrt(-1)')).toMatch(/not a real number/);
  });

  it('bounds the input length before parsing anything', () => {
    const long = `1${' + 1'.repeat(MAX_EXPRESSION_CHARS)}`;
    expect(refusal(long)).toMatch(/at most 1000 characters/);
    const nested = (levels: number) => `${'('.repeat(levels)}1${')'.repeat(levels)}`;
    expect(calculate(nested(MAX_NESTING)).result).toBe(1);
    // Deep enough to overflow the parser's stack if it were allowed to try.
    expect(refusal(nested(499))).toMatch(/more than 50 levels/);
  });

  it('says when there is nothing to calculate', () => {
    expect(refusal('log in please')).toMatch(/No arithmetic expression found/);
    expect(refusal('')).toMatch(/No arithmetic expression found/);
    expect(extractExpression('In 2023 we met')).toBeNull();
  });

  it('answers with the number as output and the working as text', () => {
    expect(runCalculate({ text: 'Calculate 15 * 7' })).toEqual({
      output: 105,
      text: '15 * 7 = 105',
    });
  });
});
