/**
 * The chaos runs' webhook agent: real HTTP on loopback, the documented webhook contract, answering
 * in 20–200 ms, failing the first attempt of one task in ten with a 500 (so retries run under
 * chaos too). Another task in ten is held 1–2 s (`HELD_MS`): a kill then finds calls in flight to
 * cut, so the re-dispatch delay of cut calls is measured on many, not one or two (ADR 0057,
 * addendum "chaos4"). It records every call with the times the run needs: when it arrived, and when its
 * connection closed before an answer (the worker that sent it died).
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChaosCall {
  taskId: string;
  attempt: number;
  idempotencyKey: string;
  receivedAt: number;
  /** Set when the connection closed before the answer was written. */
  cutAt?: number;
  answeredAt?: number;
}

export interface ChaosAgent {
  url: string;
  calls: ChaosCall[];
  /** Calls received and neither answered nor cut yet (a kill now would cut them). */
  inFlight(): ChaosCall[];
  stop(): Promise<void>;
}

/** How long a held call (one task in ten, bucket 90–99) is kept open: 1,000–2,000 ms. */
export const HELD_MS = { min: 1_000, max: 2_000 } as const;

/** The answer delay of a task's calls, stable per task: 20–200 ms, or held 1–2 s. */
export function answerDelayMs(taskId: string): number {
  const b = bucket(taskId);
  return b >= 90
    ? HELD_MS.min + ((b * 373) % (HELD_MS.max - HELD_MS.min + 1))
    : 20 + ((b * 37) % 181);
}

/** Stable per task: 0..99. */
function bucket(taskId: string): number {
  return createHash('sha1').update(taskId).digest()[0]! % 100;
}

export async function startChaosAgent(): Promise<ChaosAgent> {
  const calls: ChaosCall[] = [];
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      let body: { taskId?: string; attempt?: number; idempotencyKey?: string; input?: unknown };
      try {
        body = JSON.parse(raw || '{}') as typeof body;
      } catch {
        response.writeHead(400).end();
        return;
      }
      const call: ChaosCall = {
        taskId: String(body.taskId ?? ''),
        attempt: Number(body.attempt ?? 0),
        idempotencyKey: String(body.idempotencyKey ?? ''),
        receivedAt: Date.now(),
      };
      calls.push(call);
      response.on('close', () => {
        if (!response.writableFinished) call.cutAt ??= Date.now();
      });
      const b = bucket(call.taskId);
      const delayMs = answerDelayMs(call.taskId);
      const failOnce = b < 10 && call.attempt === 1;
      setTimeout(() => {
        if (response.destroyed) return;
        call.answeredAt = Date.now();
        const status = failOnce ? 500 : 200;
        const answer = failOnce
          ? { error: 'chaos: the first attempt of this task fails' }
          : { output: `done ${call.taskId}` };
        response
          .writeHead(status, { 'content-type': 'application/json' })
          .end(JSON.stringify(answer));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    calls,
    inFlight: () =>
      calls.filter((call) => call.answeredAt === undefined && call.cutAt === undefined),
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Re-dispatch delays: for every call cut by a dying worker, the time from the cut until the agent
 * received the same attempt again (same idempotency key). Cut calls never sent again are counted
 * (`notResent`); the invariants decide whether that lost anything.
 */
export function redispatchDelays(calls: readonly ChaosCall[]): {
  delays: number[];
  notResent: number;
} {
  const byKey = new Map<string, ChaosCall[]>();
  for (const call of calls) {
    const list = byKey.get(call.idempotencyKey) ?? [];
    list.push(call);
    byKey.set(call.idempotencyKey, list);
  }
  const delays: number[] = [];
  let notResent = 0;
  for (const call of calls) {
    if (call.cutAt === undefined) continue;
    const next = byKey
      .get(call.idempotencyKey)!
      .find((other) => other !== call && other.receivedAt >= call.cutAt!);
    if (next) delays.push(next.receivedAt - call.cutAt);
    else notResent += 1;
  }
  return { delays, notResent };
}
