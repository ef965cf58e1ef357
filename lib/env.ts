import { z } from 'zod';

/**
 * Process configuration, validated once. Reading is lazy so that `next build` (which imports route
 * modules with no database configured) never throws at import time; the first real use fails fast
 * with a message naming the variable. Documented in README.md §Configuration.
 */
const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// connection URL')
    .optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Pool size per process for the application's database connections. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /**
   * Days the tasks of Baton's own A2A endpoints are kept after their last change (ADR 0053); a
   * sweep deletes older ones.
   */
  BATON_A2A_TASK_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  /** API calls per rate-limit window per API token; 0 turns the limit off (ADR 0051). */
  BATON_RATE_LIMIT_TOKEN: z.coerce.number().int().min(0).default(600),
  /** API calls per window per signed-in user (all of their browser sessions together). */
  BATON_RATE_LIMIT_USER: z.coerce.number().int().min(0).default(600),
  /** API calls per window per client IP, for calls without valid credentials (public routes). */
  BATON_RATE_LIMIT_IP: z.coerce.number().int().min(0).default(300),
  /**
   * Largest JSON body an API route reads, in bytes (ADR 0052); next.config.mjs gives server actions
   * the same limit.
   */
  BATON_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  /** Live event streams (SSE) one user or API token may hold open at once (ADR 0052). */
  BATON_SSE_MAX_PER_USER: z.coerce.number().int().min(1).default(10),
  /** Length of the rate-limit window in seconds. */
  BATON_RATE_LIMIT_WINDOW_S: z.coerce.number().int().min(1).max(3600).default(60),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
      .join('\n');
    throw new Error(`Invalid environment configuration:\n${problems}`);
  }
  cached = parsed.data;
  return cached;
}

export function getDatabaseUrl(): string {
  const url = getEnv().DATABASE_URL;
  if (!url) {
    throw new Error(
      'DATABASE_URL is not set. Start Baton with `npm start` (which runs an embedded PostgreSQL and ' +
        'sets it), or set DATABASE_URL=postgresql://user:pass@host:5432/baton.',
    );
  }
  return url;
}

/**
 * Variables read raw, on each use, rather than through getEnv(): switches and lists that tests and
 * the launcher set per process, and the logger's level (the logger must start even when the rest of
 * the configuration is invalid, to report it). Every one is documented in README.md §Configuration.
 */
export type RawEnvVar =
  | 'BATON_AGENT_ALLOW_NETWORKS'
  | 'BATON_HEALTH_MONITOR'
  | 'BATON_MAX_ATTEMPTS_PER_REQUEST'
  | 'BATON_PUBLIC_URL'
  | 'BATON_RETRY_BASE_DELAY_MS'
  | 'BATON_RETRY_MAX_ATTEMPTS'
  | 'BATON_SECURE_COOKIES'
  | 'BATON_TRUST_PROXY'
  | 'BATON_WORKER'
  | 'BATON_WORKER_CONCURRENCY'
  | 'LOG_LEVEL'
  | 'NODE_ENV'
  | 'PORT';

/** One variable's raw value (undefined when unset). lib/env.ts is the only reader of process.env. */
export function envVar(name: RawEnvVar): string | undefined {
  return process.env[name];
}

/**
 * The whole environment, for code that takes it as a parameter so tests can pass a plain object
 * (telemetry configuration, the secrets master key, the Settings → Configuration table).
 */
export function processEnv(): Readonly<Record<string, string | undefined>> {
  return process.env;
}
