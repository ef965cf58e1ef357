/**
 * Hostile agents for the chaos `hostile` scenario (issue 12, scenario 5): loopback servers that
 * speak the webhook contract (docs/agents/webhook-contract.md) and then misbehave, one behaviour
 * per server. Listen on port 0; each records how many calls it received.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const BEHAVIOURS = [
  'hang',
  'http_500',
  'invalid_json',
  'huge_body',
  'drip',
  'reset',
  'other_task',
] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];

/** 100 MB streamed in 64 KiB chunks, never held whole. */
export const HUGE_BODY_BYTES = 100 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x61);

export interface HostileAgent {
  behaviour: Behaviour;
  url: string;
  calls: number;
  /** Bytes written to response bodies (the 100 MB stream stops when the client goes away). */
  bytesSent: number;
  stop(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => resolve(raw));
    request.on('error', () => resolve(raw));
  });
}

function streamHuge(response: ServerResponse, agent: HostileAgent) {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write('{"output":"');
  let sent = 0;
  const pump = () => {
    while (sent < HUGE_BODY_BYTES && !response.destroyed) {
      sent += CHUNK.length;
      agent.bytesSent += CHUNK.length;
      if (!response.write(CHUNK)) {
        response.once('drain', pump);
        return;
      }
    }
    if (!response.destroyed) response.end('"}');
  };
  pump();
}

function drip(response: ServerResponse, agent: HostileAgent, taskId: string) {
  response.writeHead(200, { 'content-type': 'application/json' });
  const text = JSON.stringify({ output: `done ${taskId}`.padEnd(200, '.') });
  let i = 0;
  const timer = setInterval(() => {
    if (response.destroyed || i >= text.length) {
      clearInterval(timer);
      if (!response.destroyed) response.end();
      return;
    }
    response.write(text[i++]);
    agent.bytesSent += 1;
  }, 1_000);
  response.on('close', () => clearInterval(timer));
}

export async function startHostileWebhook(behaviour: Behaviour): Promise<HostileAgent> {
  const sockets = new Set<Socket>();
  const agent: HostileAgent = {
    behaviour,
    url: '',
    calls: 0,
    bytesSent: 0,
    stop: async () => {},
  };
  const server: Server = createServer((request, response) => {
    void readBody(request).then((raw) => {
      agent.calls += 1;
      let taskId = '';
      try {
        taskId = String((JSON.parse(raw) as { taskId?: unknown }).taskId ?? '');
      } catch {
        // answer anyway
      }
      switch (behaviour) {
        case 'hang':
          return; // accepted, never answered
        case 'http_500':
          response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"boom"}');
          return;
        case 'invalid_json':
          response.writeHead(200, { 'content-type': 'application/json' }).end('{"output": "no');
          return;
        case 'huge_body':
          streamHuge(response, agent);
          return;
        case 'drip':
          drip(response, agent, taskId);
          return;
        case 'reset':
          response.writeHead(200, { 'content-type': 'application/json' });
          response.write('{"output":"half');
          agent.bytesSent += 15;
          setTimeout(() => response.socket?.resetAndDestroy(), 50);
          return;
        case 'other_task':
          // The contract has no task id in the reply: `remoteTaskId` naming another task is the
          // closest a webhook can come. Harmless: Baton keys the result on its own call.
          response
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ output: 'someone else', remoteTaskId: `not-${taskId}` }));
          return;
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  agent.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  agent.stop = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  return agent;
}
