/**
 * Database connection loss: telling it apart from every other error, and waiting it out.
 *
 * A restart of PostgreSQL (or a failover, or a proxy that drops connections) shows up in three
 * shapes: the server ends the session (`57P01` admin shutdown, `57P02` crash shutdown, `57P03`
 * cannot connect now), the socket breaks (`ECONNRESET`, "Connection terminated unexpectedly"), or
 * nothing listens yet (`ECONNREFUSED`). The same errors arrive raw from `pg`, or wrapped by Prisma's
 * driver adapter (`DatabaseNotReachable`, `ConnectionClosed`, or the SQLSTATE in `meta.code`).
 * None of them says anything about the work itself, so work that is safe to repeat (an idempotent
 * transaction) is simply run again once the database is back — see ADR 0056.
 */
import pRetry, { AbortError } from 'p-retry';

const SQLSTATES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, in recovery)
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08004', // sqlserver_rejected_establishment_of_sqlconnection
  '08006', // connection_failure
]);
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
const ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
const MESSAGES = [
  /connection terminated/i,
  /client has encountered a connection error/i,
  /cannot use a pool after calling end/i,
  /can't reach database server/i,
  /server closed the connection unexpectedly/i,
];

/** True when `error` (from pg or Prisma, possibly wrapped) means the connection was lost. */
export function isConnectionLoss(error: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): boolean => {
    if (value === null || typeof value !== 'object' || depth > 5 || seen.has(value)) return false;
    seen.add(value);
    const record = value as Record<string, unknown>;
    const code = typeof record.code === 'string' ? record.code : undefined;
    if (code && (SQLSTATES.has(code) || SOCKET_CODES.has(code))) return true;
    if (typeof record.kind === 'string' && ADAPTER_KINDS.has(record.kind)) return true;
    if (typeof record.originalCode === 'string' && SQLSTATES.has(record.originalCode)) return true;
    const message = typeof record.message === 'string' ? record.message : '';
    if (message && MESSAGES.some((pattern) => pattern.test(message))) return true;
    return (
      visit(record.cause, depth + 1) ||
      visit(record.meta, depth + 1) ||
      visit(record.driverAdapterError, depth + 1)
    );
  };
  return visit(error, 0);
}

export interface UntilConnectedOptions {
  /** Gives up (rejecting with the last error) when aborted, e.g. on worker shutdown. */
  signal?: AbortSignal;
  /** How long to keep trying in all (default 10 minutes). */
  maxWaitMs?: number;
  /** Called before each wait, with the error that caused it. */
  onRetry?: (error: unknown, attempt: number) => void;
  /** Test hook: the first and the longest wait between tries (default 250 ms and 5 s). */
  minDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Runs `fn`; while it fails because the database connection was lost, runs it again with a capped
 * exponential backoff until the database is back. Any other error is rethrown at once. `fn` must be
 * safe to repeat: a lost connection may or may not have committed the previous try.
 */
export function untilConnected<T>(
  fn: () => Promise<T>,
  options: UntilConnectedOptions = {},
): Promise<T> {
  return pRetry(
    async () => {
      try {
        return await fn();
      } catch (error) {
        if (!isConnectionLoss(error)) throw new AbortError(error as Error);
        throw error;
      }
    },
    {
      retries: Number.POSITIVE_INFINITY,
      factor: 2,
      minTimeout: options.minDelayMs ?? 250,
      maxTimeout: options.maxDelayMs ?? 5_000,
      maxRetryTime: options.maxWaitMs ?? 10 * 60_000,
      signal: options.signal,
      onFailedAttempt: ({ error, attemptNumber }) => options.onRetry?.(error, attemptNumber),
    },
  );
}
