/**
 * A real MCP server for tests, built with the official SDK (`McpServer` and its Streamable HTTP
 * transport) on loopback, with one session per `initialize` as a production server keeps them.
 *
 * Tools (each session is built from `server.tools`, so changing the list simulates drift):
 * - `add` ({ a: number, b: number }): text "<sum>" and structured content { sum }.
 * - `shout` ({ text: string }): the text in upper case.
 * - `explode` (no arguments): an `isError` result "the tool broke: <reason>".
 * - `hang` (no arguments): answers only when the client cancels it (recorded in `cancelled`).
 *
 * Every HTTP request's headers are recorded in `requests` (to check `Authorization` and
 * `traceparent`); `secret` makes every request need `Authorization: Bearer <secret>`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

export type TestToolName = 'add' | 'shout' | 'explode' | 'hang' | 'multiply';

export interface TestMcpServer {
  /** The MCP endpoint to register (`http://127.0.0.1:<port>/mcp`). */
  url: string;
  /** Tools offered to sessions opened from now on. */
  tools: TestToolName[];
  /** Headers of every HTTP request received, with its method. */
  requests: { method: string; headers: IncomingHttpHeaders }[];
  /** Arguments of every `tools/call`, by tool. */
  calls: { tool: string; arguments: unknown }[];
  /** Tool calls the client cancelled (`notifications/cancelled`), by tool name. */
  cancelled: string[];
  stop(): Promise<void>;
}

export async function startTestMcpServer(
  options: { tools?: TestToolName[]; secret?: string; name?: string } = {},
): Promise<TestMcpServer> {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const state: Omit<TestMcpServer, 'url' | 'stop'> = {
    tools: options.tools ?? ['add', 'shout', 'explode'],
    requests: [],
    calls: [],
    cancelled: [],
  };

  const build = () => {
    const server = new McpServer(
      { name: options.name ?? 'test-tools', version: '1.2.3' },
      { instructions: 'Arithmetic and text tools for tests.' },
    );
    const record = (tool: string, args: unknown) => state.calls.push({ tool, arguments: args });
    for (const tool of state.tools) {
      switch (tool) {
        case 'add':
          server.registerTool(
            'add',
            {
              description: 'Adds two numbers.',
              inputSchema: { a: z.number(), b: z.number() },
              outputSchema: { sum: z.number() },
              annotations: { readOnlyHint: true },
            },
            async (args) => {
              record('add', args);
              const sum = args.a + args.b;
              return { content: [{ type: 'text', text: String(sum) }], structuredContent: { sum } };
            },
          );
          break;
        case 'multiply':
          server.registerTool(
            'multiply',
            {
              description: 'Multiplies two numbers.',
              inputSchema: { a: z.number(), b: z.number() },
            },
            async (args) => {
              record('multiply', args);
              return { content: [{ type: 'text', text: String(args.a * args.b) }] };
            },
          );
          break;
        case 'shout':
          server.registerTool(
            'shout',
            { description: 'Upper-cases a text.', inputSchema: { text: z.string() } },
            async (args) => {
              record('shout', args);
              return { content: [{ type: 'text', text: args.text.toUpperCase() }] };
            },
          );
          break;
        case 'explode':
          server.registerTool('explode', { description: 'Always fails.' }, async () => {
            record('explode', {});
            return {
              isError: true,
              content: [{ type: 'text', text: 'the tool broke: disk full' }],
            };
          });
          break;
        case 'hang':
          server.registerTool(
            'hang',
            { description: 'Answers only when cancelled.' },
            async (extra) => {
              record('hang', {});
              await new Promise<void>((resolve) =>
                extra.signal.addEventListener(
                  'abort',
                  () => {
                    state.cancelled.push('hang');
                    resolve();
                  },
                  { once: true },
                ),
              );
              return { content: [{ type: 'text', text: 'cancelled' }] };
            },
          );
          break;
      }
    }
    return server;
  };

  const http: Server = createServer((request, response) => {
    state.requests.push({ method: request.method ?? '', headers: request.headers });
    if (!request.url?.startsWith('/mcp')) return response.writeHead(404).end();
    if (options.secret && request.headers.authorization !== `Bearer ${options.secret}`) {
      return response.writeHead(401, { 'content-type': 'application/json' }).end('{}');
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const body: unknown = raw ? JSON.parse(raw) : undefined;
        const sessionId = request.headers['mcp-session-id'];
        let transport = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
        if (!transport) {
          if (sessionId) {
            return response.writeHead(404, { 'content-type': 'application/json' }).end('{}');
          }
          const created = new StreamableHTTPServerTransport({
            sessionIdGenerator: () => randomUUID(),
            onsessioninitialized: (id) => void sessions.set(id, created),
            onsessionclosed: (id) => void sessions.delete(id),
          });
          await build().connect(created);
          transport = created;
        }
        await transport.handleRequest(request, response, body);
      })().catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500).end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/mcp`,
    async stop() {
      await Promise.all([...sessions.values()].map((t) => t.close().catch(() => {})));
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  });
}
