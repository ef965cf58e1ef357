import pino from 'pino';
import { envVar } from '@/lib/env';

/**
 * Structured JSON logs (one object per line on stdout), with request/task ids as fields where
 * relevant. Anything that could hold a secret is redacted by key, wherever it is nested, as a last
 * line of defence — code must not log secrets in the first place.
 */
export const REDACTED_KEYS = [
  'password',
  'passwordHash',
  'secret',
  'apiKey',
  'api_key',
  'token',
  'authorization',
  'cookie',
  'secretCiphertext',
  'BATON_SECRET_KEY',
  'DATABASE_URL',
];

export function createLogger(destination?: pino.DestinationStream) {
  return pino(
    {
      level: envVar('LOG_LEVEL') ?? 'info',
      base: { service: 'baton' },
      redact: {
        paths: REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
        censor: '[redacted]',
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

export const logger = createLogger();
