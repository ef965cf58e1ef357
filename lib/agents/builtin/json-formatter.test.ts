import { describe, expect, it } from 'vitest';
import { BuiltinError } from './input';
import { formatJson } from './json-formatter';

describe('format_json', () => {
  it("wraps a previous step's plain result into an object", () => {
    expect(formatJson({ text: 'format the result as JSON', context: 105 })).toEqual({
      output: { result: 105 },
      text: '{\n  "result": 105\n}',
    });
    expect(
      formatJson({ text: 'format the result as JSON', context: [{ ref: 't1', output: 105 }] })
        .output,
    ).toEqual({ result: 105 });
    expect(formatJson({ text: '105' }).output).toEqual({ result: 105 });
    expect(formatJson({ text: "format 'hello' as JSON" }).output).toEqual({ result: 'hello' });
  });

  it('pretty-prints a JSON document, from the input or from a dependency', () => {
    expect(formatJson({ text: 'pretty-print this JSON: {"b":1,"a":[1,2]}' }).text).toBe(
      '{\n  "b": 1,\n  "a": [\n    1,\n    2\n  ]\n}',
    );
    expect(formatJson({ text: 'format as JSON', context: '{"ok":true}' }).output).toEqual({
      ok: true,
    });
    expect(formatJson({ text: '[1, 2]' }).output).toEqual([1, 2]);
  });

  it('says what is wrong with invalid JSON', () => {
    expect(() => formatJson({ text: 'pretty-print this JSON: {b: 1}' })).toThrow(
      /That is not valid JSON: .*position 1/,
    );
    expect(() => formatJson({ text: 'format it' })).toThrow(BuiltinError);
  });
});
