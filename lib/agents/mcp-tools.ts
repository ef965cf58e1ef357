/**
 * From an MCP server's tools to what Baton stores and sends, without I/O (the protocol side is in
 * mcp.ts): each tool becomes a capability (name, description, input JSON Schema), the tool list has
 * a drift hash like an A2A card's skills, a task's input becomes the `tools/call` arguments
 * (validated against the tool's schema), and a tool result becomes the task's output.
 */
import { createHash } from 'node:crypto';
import { CfWorkerJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/cfworker';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { canonicalJson, toCapabilityName } from './card';
import type { ImportedCapability } from './types';

/** A server listing more tools than this is refused: routing works on a bounded catalog. */
export const MAX_TOOLS = 200;
/** Tag every imported tool carries, so fan-out and filters can address a fleet's MCP tools. */
export const MCP_TOOL_TAG = 'mcp';
const MAX_DESCRIPTION_LENGTH = 2000;

/** An imported tool: the capability Baton routes on, and the tool it calls. */
export interface ImportedTool {
  /** The tool's own name, sent in `tools/call`. */
  toolName: string;
  capability: ImportedCapability & { inputSchema: Record<string, unknown> };
}

/**
 * Tools as capabilities, in the server's order. MCP tool names (`[A-Za-z0-9_.-]{1,128}`) are
 * capability names already; anything else is sanitized like an A2A skill id, and names that collide
 * get `_2`, `_3`, … in listing order — so the same list always maps the same way, at registration
 * and at call time.
 */
export function toolsToCapabilities(tools: readonly Tool[]): ImportedTool[] {
  const used = new Set<string>();
  return tools.map((tool, index) => {
    const base = toCapabilityName(tool.name) ?? `tool_${index + 1}`;
    let name = base;
    for (let n = 2; used.has(name); n += 1) name = `${base.slice(0, 120)}_${n}`;
    used.add(name);
    const inputSchema = tool.inputSchema as Record<string, unknown>;
    const description = (tool.description ?? tool.title ?? tool.annotations?.title ?? '').trim();
    return {
      toolName: tool.name,
      capability: {
        name,
        description:
          description.length > MAX_DESCRIPTION_LENGTH
            ? `${description.slice(0, MAX_DESCRIPTION_LENGTH - 1)}…`
            : description,
        inputTypes: textProperty(inputSchema)
          ? ['application/json', 'text/plain']
          : ['application/json'],
        outputTypes: tool.outputSchema ? ['application/json', 'text/plain'] : ['text/plain'],
        tags: [
          MCP_TOOL_TAG,
          ...(tool.annotations?.readOnlyHint ? ['read-only'] : []),
          ...(tool.annotations?.destructiveHint === true ? ['destructive'] : []),
        ],
        examples: [],
        inputSchema,
      },
    };
  });
}

/**
 * The drift hash of a tool list: SHA-256 of the canonical JSON of each tool's name, title,
 * description, input and output schemas and annotations, ordered by name — so key order and listing
 * order do not matter, while any change a caller would notice does.
 */
export function hashTools(tools: readonly Tool[]): string {
  const normalized = tools
    .map((tool) => ({
      name: tool.name,
      title: tool.title ?? '',
      description: tool.description ?? '',
      inputSchema: tool.inputSchema,
      outputSchema: tool.outputSchema ?? null,
      annotations: tool.annotations ?? null,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return createHash('sha256').update(canonicalJson(normalized), 'utf8').digest('hex');
}

/**
 * The one string property a plain-text input can fill: the schema's only property when it is a
 * string, or its only string property when no other property is required. Null otherwise.
 */
export function textProperty(schema: Record<string, unknown>): string | null {
  const properties = schema.properties;
  if (!properties || typeof properties !== 'object') return null;
  const entries = Object.entries(properties as Record<string, unknown>);
  const strings = entries.filter(([, value]) => isStringSchema(value)).map(([key]) => key);
  if (strings.length !== 1) return null;
  const required = Array.isArray(schema.required) ? (schema.required as unknown[]) : [];
  if (required.some((key) => key !== strings[0])) return null;
  return strings[0]!;
}

function isStringSchema(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  const type = (value as { type?: unknown }).type;
  return type === 'string' || (Array.isArray(type) && type.includes('string'));
}

export type ToolArguments =
  { ok: true; arguments: Record<string, unknown> } | { ok: false; message: string };

const validator = new CfWorkerJsonSchemaValidator({ shortcircuit: false });

/**
 * The `tools/call` arguments for a task: its input when that is a JSON object; otherwise its text
 * as the value of the schema's one string property (textProperty); otherwise `{}` for a tool that
 * takes no arguments. The result is validated against the tool's input schema, so a task that
 * cannot satisfy the tool fails here, naming the field, before anything is sent.
 *
 * The validator interprets the schema (@cfworker/json-schema): a schema from a remote server is
 * data, never compiled into code.
 */
export function buildToolArguments(
  toolName: string,
  schema: Record<string, unknown>,
  input: { text: string },
): ToolArguments {
  let args: Record<string, unknown> | null = null;
  const text = input.text.trim();
  if (text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        args = parsed as Record<string, unknown>;
      }
    } catch {
      // Not JSON: read as text below.
    }
  }
  if (!args) {
    const property = textProperty(schema);
    const properties = schema.properties as Record<string, unknown> | undefined;
    if (property) args = { [property]: input.text };
    else if (!properties || Object.keys(properties).length === 0) args = {};
    else {
      const names = Object.keys(properties).slice(0, 8).join(', ');
      return {
        ok: false,
        message: `The tool '${toolName}' takes JSON arguments (${names}): give the task a JSON object as its input.`,
      };
    }
  }
  let result;
  try {
    result = validator.getValidator(schema as never)(args);
  } catch (error) {
    return {
      ok: false,
      message: `The tool '${toolName}' has an input schema Baton cannot use: ${
        error instanceof Error ? error.message : String(error)
      }`.slice(0, 300),
    };
  }
  if (result.valid) return { ok: true, arguments: args };
  return {
    ok: false,
    message: `The arguments do not match the input schema of '${toolName}': ${describeSchemaErrors(result.errorMessage)}`,
  };
}

/**
 * cfworker reports every failed keyword along the way ("#: Property "a" does not match schema.;
 * #/a: Instance type "string" is invalid. Expected "number"."); the deepest locations name the
 * field, so they go first, the generic parents are dropped.
 */
export function describeSchemaErrors(message: string): string {
  const errors = message
    .split('; ')
    .map((entry) => {
      const at = entry.indexOf(': ');
      return at < 0
        ? { location: '', text: entry }
        : { location: entry.slice(0, at), text: entry.slice(at + 2) };
    })
    .filter((e) => !/does not match schema|do not match|failed validation/i.test(e.text));
  const shown = (errors.length ? errors : [{ location: '', text: message }]).slice(0, 3);
  return shown
    .map(({ location, text }) => {
      const field = location.replace(/^#\/?/, '').replace(/\//g, '.');
      return field ? `${field}: ${text}` : text;
    })
    .join('; ');
}

/** A tool result as a task's output and its readable text. */
export function readToolResult(result: CallToolResult): { output: unknown; text: string } {
  const texts: string[] = [];
  const content = result.content ?? [];
  for (const block of content) {
    switch (block.type) {
      case 'text':
        texts.push(block.text);
        break;
      case 'resource':
        if ('text' in block.resource && typeof block.resource.text === 'string') {
          texts.push(block.resource.text);
        } else texts.push(`[resource ${block.resource.uri}]`);
        break;
      case 'resource_link':
        texts.push(`[${block.name}](${block.uri})`);
        break;
      case 'image':
      case 'audio':
        texts.push(`[${block.type} ${block.mimeType}]`);
        break;
      default:
        break;
    }
  }
  const text = texts.join('\n');
  if (result.structuredContent !== undefined) {
    return {
      output: result.structuredContent,
      text: text || JSON.stringify(result.structuredContent),
    };
  }
  const onlyText = content.every((block) => block.type === 'text');
  if (onlyText) return { output: text, text };
  // Images and embedded blobs stay in the output (dependents may want them); text describes them.
  return { output: { content }, text };
}
