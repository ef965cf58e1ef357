/**
 * Serves real /api/v1 route handlers over HTTP on loopback for integration tests: a Node request
 * becomes a web Request with its body streamed (not buffered), so body limits, SSE and client
 * disconnects behave as they do under `next start`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;

export interface RouteServer {
  url: string;
  close(): Promise<void>;
}

/** `routes`: `'GET /api/v1/requests/:id/events'` → the route module's handler. */
export async function startRouteServer(routes: Record<string, Handler>): Promise<RouteServer> {
  const table = Object.entries(routes).map(([key, handler]) => {
    const [method, path] = key.split(' ') as [string, string];
    const names: string[] = [];
    const pattern = new RegExp(
      `^${path.replace(/:(\w+)/g, (_, name: string) => (names.push(name), '([^/]+)'))}$`,
    );
    return { method, pattern, names, handler };
  });
  let base = '';
  const server: Server = createServer((incoming, outgoing) => {
    void (async () => {
      const url = new URL(incoming.url ?? '/', base);
      const route = table.find((r) => r.method === incoming.method && r.pattern.test(url.pathname));
      if (!route) return void outgoing.writeHead(404).end();
      const match = route.pattern.exec(url.pathname)!;
      const params = Object.fromEntries(route.names.map((name, i) => [name, match[i + 1]]));
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (typeof value === 'string') headers.set(name, value);
      }
      // What Next.js does when no proxy set it (ADR 0051).
      if (!headers.has('x-forwarded-for')) headers.set('x-forwarded-for', '127.0.0.1');
      const aborter = new AbortController();
      outgoing.on('close', () => aborter.abort());
      const hasBody = incoming.method !== 'GET' && incoming.method !== 'HEAD';
      const request = new Request(url, {
        method: incoming.method,
        headers,
        signal: aborter.signal,
        ...(hasBody && {
          body: Readable.toWeb(incoming) as ReadableStream<Uint8Array>,
          duplex: 'half',
        }),
      } as RequestInit);
      const response = await route.handler(request, {
        params: Promise.resolve(params) as Promise<never>,
      });
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.flushHeaders();
      if (response.body) {
        const reader = response.body.getReader();
        aborter.signal.addEventListener('abort', () => void reader.cancel().catch(() => {}));
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          outgoing.write(value);
        }
      }
      outgoing.end();
    })().catch((error: unknown) => {
      if (!outgoing.headersSent) outgoing.writeHead(500);
      outgoing.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
