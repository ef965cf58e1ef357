// The JSON-RPC 2.0 side of the bridge: what the Prisma CLI speaks to a native schema engine
// started as `schema-engine --datamodels <file>… --datasource <json>`. One request per line
// on stdin, one response per line on stdout, JSON log lines on stderr.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { createAdapterFactory, dropLeftoverShadowDatabases } from './adapter.mjs';
import { checkConnection, createDatabase, PrismaError } from './postgres.mjs';
import { loadSchemaEngineModule, panicRegistry } from './wasm-engine.mjs';
import { createLogger } from './log.mjs';

/** The engine methods the CLI may call that map 1:1 onto the WASM engine's methods. */
const PASS_THROUGH_METHODS = new Set([
  'applyMigrations',
  'createMigration',
  'dbExecute',
  'devDiagnostic',
  'diagnoseMigrationHistory',
  'ensureConnectionValidity',
  'evaluateDataLoss',
  'introspect',
  'introspectSql',
  'markMigrationApplied',
  'markMigrationRolledBack',
  'reset',
  'schemaPush',
]);

/** The error code the native engine uses for every error response (the details are in `data`). */
const ENGINE_ERROR_CODE = 4466;
const EXIT_PANIC = 101;

/**
 * Serve the CLI until it closes stdin. `datamodelPaths` are the `--datamodels` files,
 * `datasource` the parsed `--datasource` JSON (`{ url, shadowDatabaseUrl }`, both optional).
 */
export function serveJsonRpc({ datamodelPaths, datasource }) {
  const log = createLogger('schema_engine::bridge');
  const session = new EngineSession({ datamodelPaths, datasource, log });
  const inFlight = new Map(); // id -> request, for requests the engine has not answered yet
  const awaitingCli = new Map(); // id -> resolve, for our own requests to the CLI (`print`)
  let nextOwnId = 1;
  let queue = Promise.resolve();
  let exiting = false;

  const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

  /** Ask the CLI to print something (how `diff` output reaches the user) and wait for its ack. */
  const printThroughCli = (content) =>
    new Promise((resolve) => {
      const id = `bridge-print-${nextOwnId++}`;
      awaitingCli.set(id, resolve);
      send({ jsonrpc: '2.0', id, method: 'print', params: { content } });
    });

  async function handle(request) {
    inFlight.set(request.id, request);
    try {
      const result = await session.call(request.method, request.params ?? {}, { printThroughCli });
      send({ jsonrpc: '2.0', id: request.id, result: result ?? {} });
    } catch (error) {
      const reply = errorReply(error);
      send({ jsonrpc: '2.0', id: request.id, error: reply });
      // After a panic the WASM instance is poisoned: answer, then leave with the panic code.
      if (reply.data.is_panic) await exit(EXIT_PANIC, reply.data.message);
    } finally {
      inFlight.delete(request.id);
    }
  }

  /**
   * Quirk 4 (part 2): a panic inside an engine future does not reject the call we await. It
   * traps inside wasm-bindgen's task queue, so Node sees an uncaught exception (by default:
   * a stack trace on stderr and exit 1, which the CLI reports as "Error in Schema engine:
   * <last log line>"), and the engine's promise is abandoned. If the process then simply
   * ends with exit code 0, the CLI, which only fails a pending request on a non-zero exit,
   * prints nothing and exits 0 as if the command had worked. So every unanswered request
   * gets a JSON-RPC error response carrying the panic message, and the process exits
   * non-zero (101, the native engine's panic code).
   */
  function failInFlightRequests(error, exitCode) {
    if (exiting) return;
    const reply = errorReply(error);
    for (const id of inFlight.keys()) send({ jsonrpc: '2.0', id, error: reply });
    inFlight.clear();
    void exit(exitCode, reply.data.message);
  }

  async function exit(code, message) {
    if (exiting) return;
    exiting = true;
    if (code !== 0 && message) log.error(message);
    await dropLeftoverShadowDatabases().catch(() => {});
    process.exit(code);
  }

  process.on('uncaughtException', (error) =>
    failInFlightRequests(error, isWasmPanic(error) ? EXIT_PANIC : 1),
  );
  process.on('unhandledRejection', (error) =>
    failInFlightRequests(error, isWasmPanic(error) ? EXIT_PANIC : 1),
  );
  // A panic inside a future can also leave the engine's promise pending forever (the trap
  // unwinds through wasm-bindgen's task queue, not through our `await`): the panic hook
  // still fires, so a panic message nobody has reported by then fails the request.
  panicRegistry.onPanic = () => {
    const message = panicRegistry.take();
    if (message) failInFlightRequests(wasmPanic(message), EXIT_PANIC);
  };
  process.on('beforeExit', () => {
    if (inFlight.size > 0)
      failInFlightRequests(wasmPanic('the engine stopped without answering'), EXIT_PANIC);
  });
  // The CLI's `stop()` closes stdin and sends SIGTERM right away; nothing is pending by then.
  process.on('SIGTERM', () => void exit(0));
  process.on('SIGINT', () => void exit(130));

  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (!line.trim()) return;
    let message;
    try {
      message = JSON.parse(line);
    } catch (error) {
      send({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32700, message: `Parse error: ${error.message}` },
      });
      return;
    }
    // A response to one of our own requests (the CLI acknowledging a `print`).
    if (message.method === undefined && awaitingCli.has(message.id)) {
      awaitingCli.get(message.id)();
      awaitingCli.delete(message.id);
      return;
    }
    // Requests run one at a time: the engine object must not be re-entered.
    queue = queue.then(() => handle(message));
  });
  lines.on('close', () => {
    queue.then(() => exit(0));
  });

  // Start compiling the WASM module and connecting while the CLI writes its first request.
  session.start();
}

/**
 * One engine instance for the lifetime of the process, as with the native engine (the CLI
 * spawns one engine process per command).
 */
class EngineSession {
  constructor({ datamodelPaths, datasource, log }) {
    this.datamodelPaths = datamodelPaths;
    this.datasource = datasource;
    this.log = log;
    this.enginePromise = null;
    this.factory = null;
    this.migrationsWereApplied = false;
  }

  start() {
    this.engine().catch(() => {}); // reported on the first request
  }

  engine() {
    this.enginePromise ??= this.createEngine();
    return this.enginePromise;
  }

  async createEngine() {
    const wasm = await loadSchemaEngineModule();
    const datamodels = this.datamodelPaths.length
      ? this.datamodelPaths.map((file) => [file, fs.readFileSync(path.resolve(file), 'utf8')])
      : undefined;
    this.factory = createAdapterFactory(this.datasource);
    try {
      return await wasm.SchemaEngine.new(
        { datamodels },
        (line) => this.log.forward(line),
        this.factory,
      );
    } catch (error) {
      throw (await this.explainConnectionFailure()) ?? lookUpJsError(this.factory, error);
    }
  }

  /**
   * The engine connects (and queries the server version) as it starts, and reports failures
   * as bare messages. Probe the URL ourselves to report them with the native engine's codes
   * (P1000 bad credentials, P1001 unreachable, P1003 no such database, …).
   */
  async explainConnectionFailure() {
    if (!this.datasource.url) return null;
    try {
      await checkConnection(this.datasource.url);
      return null;
    } catch (error) {
      return error instanceof PrismaError ? error : null;
    }
  }

  async call(method, params, { printThroughCli }) {
    switch (method) {
      case 'getDatabaseVersion': // the native name; the WASM engine always answers for its own connection
      case 'version':
        return (await this.engine()).version();
      case 'debugPanic':
        return (await this.engine()).debugPanic();
      case 'createDatabase':
        return {
          databaseName: await createDatabase(
            urlFromDatasourceParam(params.datasource, this.datasource),
          ),
        };
      case 'diff':
        return this.diff(params, printThroughCli);
      case 'applyMigrations': {
        const result = await this.run(method, params);
        if (result?.appliedMigrationNames?.length) this.migrationsWereApplied = true;
        return result;
      }
      case 'evaluateDataLoss':
      case 'createMigration':
        await this.restoreShadowDatabaseAfterApply(params);
        return this.run(method, params);
      default:
        if (!PASS_THROUGH_METHODS.has(method)) {
          throw Object.assign(new Error(`Method not found: ${method}`), { rpcCode: -32601 });
        }
        return this.run(method, params);
    }
  }

  async run(method, params) {
    const engine = await this.engine();
    try {
      return await engine[method](params);
    } catch (error) {
      throw lookUpJsError(this.factory, error);
    }
  }

  /**
   * The native engine prints the diff itself, through a `print` request to the CLI, and
   * answers with `stdout: null`; the WASM engine returns the text instead. The CLI appends a
   * newline to what it prints, so one trailing newline is dropped to keep the output
   * byte-identical to the engine's text.
   */
  async diff(params, printThroughCli) {
    const { stdout, ...rest } = await this.run('diff', params);
    if (stdout) await printThroughCli(stdout.replace(/\n$/, ''));
    return { ...rest, stdout: null };
  }

  /**
   * Quirk 3: in this WASM build, once `applyMigrations` has applied something, the next
   * `evaluateDataLoss` / `createMigration` no longer reaches the shadow-database factory
   * ("PostgreSQL shadow DB must be provided through an external factory"). `migrate dev` on
   * a database with pending migrations does exactly that sequence: devDiagnostic →
   * applyMigrations → evaluateDataLoss → createMigration. Running `devDiagnostic` again
   * (same migrations list and filters) re-establishes the shadow state, after which both
   * calls work. Skipped when nothing was applied: that path works as is, and a diagnostic
   * costs a full replay of the history on a shadow database.
   */
  async restoreShadowDatabaseAfterApply(params) {
    if (!this.migrationsWereApplied) return;
    this.migrationsWereApplied = false;
    await this.run('devDiagnostic', {
      migrationsList: params.migrationsList,
      filters: params.filters,
    });
  }
}

/** The URL of a `DatasourceParam` (`{ tag: 'ConnectionString', url }` or a Prisma schema). */
function urlFromDatasourceParam(param, datasource) {
  if (param?.tag === 'ConnectionString' && param.url) return param.url;
  if (datasource?.url) return datasource.url;
  throw new PrismaError('P1012', 'No datasource URL: set `datasource.url` in prisma.config.ts.');
}

/**
 * Errors thrown in JS inside the adapter (not DriverAdapterErrors) reach the engine as
 * `GenericJs { id }` and come back as "External error id#<id>": recover the original.
 */
function lookUpJsError(factory, error) {
  const id = /External error id#(\d+)|GenericJs.*?id:?\s*(\d+)/
    .exec(String(error?.message))
    ?.slice(1)
    .find(Boolean);
  const original = id && factory?.errorRegistry?.consumeError(Number(id))?.error;
  return original ?? error;
}

function isWasmPanic(error) {
  return error?.name === 'RuntimeError' || error?.isWasmPanic === true;
}

function wasmPanic(message) {
  return Object.assign(new Error(message), { isWasmPanic: true });
}

/**
 * The JSON-RPC error object, shaped like the native engine's: `data.message` is what the
 * CLI shows, `data.error_code` makes it a known Prisma error, `data.is_panic` a crash.
 */
export function errorReply(error) {
  if (error?.rpcCode)
    return {
      code: error.rpcCode,
      message: error.message,
      data: { is_panic: false, message: error.message },
    };
  if (isWasmPanic(error)) {
    const message = panicRegistry.take() || error.message;
    return {
      code: ENGINE_ERROR_CODE,
      message,
      data: { is_panic: true, message, backtrace: String(error.stack ?? '') },
    };
  }
  const known = asKnownError(error);
  if (known) {
    return {
      code: ENGINE_ERROR_CODE,
      message: 'An error happened. Check the data field for details.',
      data: {
        is_panic: false,
        message: known.message,
        meta: known.meta ?? {},
        error_code: known.code,
      },
    };
  }
  const message = String(error?.message ?? error);
  return {
    code: ENGINE_ERROR_CODE,
    message: 'An error happened. Check the data field for details.',
    data: { is_panic: false, message, backtrace: null },
  };
}

/** A Prisma-coded error (`P1001`, `P3006`, …), from the engine, the bridge, or node-postgres. */
function asKnownError(error) {
  if (typeof error?.code === 'string' && /^P\d{4}$/.test(error.code)) return error;
  return null;
}
