// Log lines on stderr, in the native engine's format: one JSON object per line,
// `{ timestamp, level, fields: { message, … }, target }`. The CLI skips the first stderr
// line, keeps `fields.message` of every line, and treats `level: "ERROR"` lines as the
// engine's error (`cli` subcommands report their errors that way).

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

/** The most verbose level named in RUST_LOG (the CLI sets `info`), defaulting to INFO. */
function thresholdFromEnv() {
  const spec = (process.env.RUST_LOG ?? 'info').toUpperCase();
  const named = LEVELS.filter((level) => new RegExp(`(^|[=,])${level}($|,)`).test(spec));
  return named.length ? LEVELS.indexOf(named[0]) : LEVELS.indexOf('INFO');
}

export function createLogger(target) {
  const threshold = thresholdFromEnv();
  const write = (level, message, fields = {}) => {
    if (LEVELS.indexOf(level) < threshold) return;
    const line = {
      timestamp: new Date().toISOString(),
      level,
      fields: { message, ...fields },
      target,
    };
    process.stderr.write(`${JSON.stringify(line)}\n`);
  };
  return {
    info: (message, fields) => write('INFO', message, fields),
    warn: (message, fields) => write('WARN', message, fields),
    error: (message, fields) => write('ERROR', message, fields),
    /** Pass through a log line produced by the WASM engine (already JSON), filtered by level. */
    forward(text) {
      for (const line of String(text).split('\n')) {
        if (!line.trim()) continue;
        const level = /"level":"(\w+)"/.exec(line)?.[1] ?? 'INFO';
        if (LEVELS.indexOf(level) >= threshold) process.stderr.write(`${line}\n`);
      }
    },
  };
}

/**
 * Node prints its own warnings (deprecations, experimental features) as plain text on
 * stderr. The CLI parses every stderr line of a `cli` subcommand as JSON and fails on
 * anything else, so route them through the logger instead.
 */
export function routeNodeWarningsToLog(logger) {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => logger.warn(`${warning.name}: ${warning.message}`));
}
