/**
 * One LISTEN connection per process for PostgreSQL notifications, shared by everything that waits
 * for the database to say something changed: a worker's running calls (a task was cancelled, on
 * `baton_cancel`) and live views (a request has new events, on `baton_events`). Listeners are keyed
 * by the notification's payload (a task or request id), so a notification costs one map lookup.
 *
 * NOTIFY is a wake-up, not a message queue: one sent while the connection is down is lost. Every
 * user therefore keeps a slow poll as the fallback, and the hub reconnects on its own.
 */
import pg from 'pg';
import { getDatabaseUrl } from '@/lib/env';
import { logger } from '@/lib/logger';
import { EVENTS_CHANNEL } from './execution/events';

export const CANCEL_CHANNEL = 'baton_cancel';

type Listener = () => void;

export interface NotificationHub {
  /** Calls `listener` on each notification on `channel` whose payload is `key`; returns unsubscribe. */
  subscribe(channel: string, key: string, listener: Listener): () => void;
  /**
   * Resolves true on the next notification for `key`, false after `timeoutMs` or when `signal`
   * aborts: "sleep until something changed, but no longer than the fallback poll".
   */
  wait(channel: string, key: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
  /** Whether the LISTEN connection is up (when false, only the fallback polls notice changes). */
  isConnected(): boolean;
  stop(): Promise<void>;
}

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;

export function startNotificationHub(
  connectionString: string,
  channels: readonly string[],
): NotificationHub {
  const log = logger.child({ component: 'notifications' });
  const listeners = new Map<string, Set<Listener>>();
  const keyOf = (channel: string, key: string) => `${channel}\u0000${key}`;
  let client: pg.Client | null = null;
  let connected = false;
  let stopped = false;
  let delay = RECONNECT_MIN_MS;
  let timer: NodeJS.Timeout | undefined;

  const connect = async () => {
    if (stopped) return;
    const next = new pg.Client({ connectionString, application_name: 'baton-listen' });
    next.on('notification', (message) => {
      const set = listeners.get(keyOf(message.channel, message.payload ?? ''));
      if (!set) return;
      for (const listener of [...set]) {
        try {
          listener();
        } catch (error) {
          log.error({ err: error }, 'notification listener threw');
        }
      }
    });
    next.on('error', (error) => {
      log.warn({ err: error }, 'notification connection failed; reconnecting');
      drop(next);
    });
    next.on('end', () => drop(next));
    try {
      await next.connect();
      for (const channel of channels) await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      if (stopped) {
        await next.end().catch(() => {});
        return;
      }
      client = next;
      connected = true;
      delay = RECONNECT_MIN_MS;
    } catch (error) {
      log.warn({ err: error }, 'notification connection failed; reconnecting');
      drop(next);
    }
  };
  const drop = (which: pg.Client) => {
    if (client === which || client === null) {
      connected = false;
      client = null;
    }
    void which.end().catch(() => {});
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
    timer.unref?.();
    delay = Math.min(RECONNECT_MAX_MS, delay * 2);
  };
  void connect();

  const subscribe = (channel: string, key: string, listener: Listener) => {
    const k = keyOf(channel, key);
    let set = listeners.get(k);
    if (!set) listeners.set(k, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) listeners.delete(k);
    };
  };

  return {
    subscribe,
    wait(channel, key, timeoutMs, signal) {
      return new Promise<boolean>((resolve) => {
        if (signal?.aborted) return resolve(false);
        const done = (value: boolean) => {
          clearTimeout(timeout);
          unsubscribe();
          signal?.removeEventListener('abort', onAbort);
          resolve(value);
        };
        const onAbort = () => done(false);
        const unsubscribe = subscribe(channel, key, () => done(true));
        const timeout = setTimeout(() => done(false), timeoutMs);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    isConnected: () => connected,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      const current = client;
      client = null;
      connected = false;
      listeners.clear();
      await current?.end().catch(() => {});
    },
  };
}

const SHARED = Symbol.for('baton.notificationHub');
type WithHub = typeof globalThis & { [SHARED]?: NotificationHub };

/**
 * The web server's hub (one per process, created on first use): live views wait on it. Kept on
 * globalThis so Next.js's module reloading in development does not open a connection per reload.
 */
export function sharedNotificationHub(): NotificationHub {
  const scope = globalThis as WithHub;
  scope[SHARED] ??= startNotificationHub(getDatabaseUrl(), [EVENTS_CHANNEL, CANCEL_CHANNEL]);
  return scope[SHARED];
}
