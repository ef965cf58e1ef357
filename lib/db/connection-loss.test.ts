import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { Prisma } from './generated/prisma/client.ts';
import { isConnectionLoss, untilConnected } from './connection-loss';

function pgError(code: string, message = 'server says no') {
  const error = new pg.DatabaseError(message, message.length, 'error');
  error.code = code;
  return error;
}

function socketError(code: string) {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });
}

describe('isConnectionLoss', () => {
  it('recognises a server shutdown, a refused connection and a broken socket', () => {
    expect(
      isConnectionLoss(pgError('57P01', 'terminating connection due to administrator command')),
    ).toBe(true);
    expect(isConnectionLoss(pgError('57P03', 'the database system is starting up'))).toBe(true);
    expect(isConnectionLoss(socketError('ECONNREFUSED'))).toBe(true);
    expect(isConnectionLoss(socketError('ECONNRESET'))).toBe(true);
    expect(isConnectionLoss(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('sees through Prisma’s driver-adapter wrapping', () => {
    const unreachable = new Prisma.PrismaClientKnownRequestError("Can't reach database server", {
      code: 'P2010',
      clientVersion: 'test',
      meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable', host: 'h', port: 1 } } },
    });
    expect(isConnectionLoss(unreachable)).toBe(true);
    const shutdown = new Prisma.PrismaClientKnownRequestError('Raw query failed', {
      code: 'P2010',
      clientVersion: 'test',
      meta: { code: '57P01', message: 'terminating connection' },
    });
    expect(isConnectionLoss(shutdown)).toBe(true);
  });

  it('does not mistake errors about the work for connection loss', () => {
    expect(isConnectionLoss(pgError('23505', 'duplicate key value'))).toBe(false);
    expect(isConnectionLoss(pgError('40P01', 'deadlock detected'))).toBe(false);
    expect(isConnectionLoss(new TypeError('x is undefined'))).toBe(false);
    expect(isConnectionLoss('57P01')).toBe(false);
    expect(isConnectionLoss(null)).toBe(false);
  });
});

describe('untilConnected', () => {
  const fast = { minDelayMs: 1, maxDelayMs: 2 };

  it('runs again while the connection is lost, and returns the first success', async () => {
    let calls = 0;
    const retries: number[] = [];
    const value = await untilConnected(
      async () => {
        calls += 1;
        if (calls < 4) throw socketError('ECONNREFUSED');
        return 'recorded';
      },
      { ...fast, onRetry: (_error, attempt) => retries.push(attempt) },
    );
    expect(value).toBe('recorded');
    expect(calls).toBe(4);
    expect(retries).toEqual([1, 2, 3]);
  });

  it('rethrows any other error at once, unchanged', async () => {
    let calls = 0;
    const conflict = pgError('23505', 'duplicate key value');
    await expect(
      untilConnected(async () => {
        calls += 1;
        throw conflict;
      }, fast),
    ).rejects.toBe(conflict);
    expect(calls).toBe(1);
  });

  it('gives up when aborted (a worker shutting down)', async () => {
    const controller = new AbortController();
    let calls = 0;
    const pending = untilConnected(
      async () => {
        calls += 1;
        if (calls === 2) controller.abort(new Error('shutting down'));
        throw socketError('ECONNREFUSED');
      },
      { ...fast, signal: controller.signal },
    );
    await expect(pending).rejects.toThrow();
    expect(calls).toBeLessThanOrEqual(3);
  });

  it('gives up after maxWaitMs with the connection error', async () => {
    await expect(
      untilConnected(async () => Promise.reject(socketError('ECONNREFUSED')), {
        ...fast,
        maxWaitMs: 30,
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});
