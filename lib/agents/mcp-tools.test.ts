import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import {
  buildToolArguments,
  hashTools,
  readToolResult,
  textProperty,
  toolsToCapabilities,
} from './mcp-tools';

const addSchema = {
  type: 'object',
  properties: { a: { type: 'number' }, b: { type: 'number' } },
  required: ['a', 'b'],
};
const textSchema = { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] };

const tool = (name: string, extra: Partial<Tool> = {}): Tool => ({
  name,
  inputSchema: { type: 'object' },
  ...extra,
});

describe('toolsToCapabilities', () => {
  it('keeps names, descriptions and schemas, tagging each tool', () => {
    const [add] = toolsToCapabilities([
      tool('add', {
        description: ' Adds. ',
        inputSchema: addSchema as Tool['inputSchema'],
        annotations: { readOnlyHint: true },
      }),
    ]);
    expect(add).toEqual({
      toolName: 'add',
      capability: {
        name: 'add',
        description: 'Adds.',
        inputTypes: ['application/json'],
        outputTypes: ['text/plain'],
        tags: ['mcp', 'read-only'],
        examples: [],
        inputSchema: addSchema,
      },
    });
  });

  it('gives colliding sanitized names a numbered suffix, the same way every time', () => {
    const names = (list: Tool[]) => toolsToCapabilities(list).map((t) => t.capability.name);
    const list = [tool('a b'), tool('a_b'), tool('a?b')];
    expect(names(list)).toEqual(names(list));
    expect(new Set(names(list)).size).toBe(3);
  });
});

describe('hashTools', () => {
  it('ignores listing order but sees a changed schema', () => {
    const one = [tool('x'), tool('y')];
    expect(hashTools(one)).toBe(hashTools([tool('y'), tool('x')]));
    expect(hashTools(one)).not.toBe(
      hashTools([tool('x'), tool('y', { inputSchema: textSchema as Tool['inputSchema'] })]),
    );
  });
});

describe('textProperty', () => {
  it('finds the one string property, and refuses when another is required', () => {
    expect(textProperty(textSchema)).toBe('text');
    expect(textProperty(addSchema)).toBeNull();
    expect(
      textProperty({
        type: 'object',
        properties: { text: { type: 'string' }, n: { type: 'number' } },
        required: ['n'],
      }),
    ).toBeNull();
  });
});

describe('buildToolArguments', () => {
  it('passes a JSON object input as the arguments', () => {
    expect(buildToolArguments('add', addSchema, { text: '{"a":1,"b":2}' })).toEqual({
      ok: true,
      arguments: { a: 1, b: 2 },
    });
  });

  it('puts a text input into the one string property', () => {
    expect(buildToolArguments('shout', textSchema, { text: 'hi there' })).toEqual({
      ok: true,
      arguments: { text: 'hi there' },
    });
  });

  it('names the field that breaks the schema', () => {
    const result = buildToolArguments('add', addSchema, { text: '{"a":"one","b":2}' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/input schema of 'add': a: .*number/);
  });

  it('asks for JSON when a tool with several arguments gets text', () => {
    const result = buildToolArguments('add', addSchema, { text: 'one plus two' });
    expect(!result.ok && result.message).toContain('takes JSON arguments (a, b)');
  });
});

describe('readToolResult', () => {
  it('prefers structured content, and joins text blocks', () => {
    expect(
      readToolResult({ content: [{ type: 'text', text: '3' }], structuredContent: { sum: 3 } }),
    ).toEqual({ output: { sum: 3 }, text: '3' });
    expect(
      readToolResult({
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      }),
    ).toEqual({ output: 'a\nb', text: 'a\nb' });
  });

  it('keeps images in the output and describes them in the text', () => {
    const content = [{ type: 'image' as const, data: 'AAAA', mimeType: 'image/png' }];
    expect(readToolResult({ content })).toEqual({ output: { content }, text: '[image image/png]' });
  });
});
