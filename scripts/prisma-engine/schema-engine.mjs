#!/usr/bin/env node
// Prisma schema-engine bridge: stands in for the native `schema-engine` binary that the
// Prisma 7 CLI spawns for `migrate *` and `db *` commands (no npm package ships that binary,
// and it cannot be downloaded here). It serves the native binary's command line and
// JSON-RPC protocol with @prisma/schema-engine-wasm (the same engine compiled to WASM)
// talking to PostgreSQL through @prisma/adapter-pg. See README.md in this folder.
//
// Use: PRISMA_SCHEMA_ENGINE_BINARY=<this file> prisma migrate dev …
//
//   schema-engine.mjs --version                                   print the version line
//   schema-engine.mjs --datasource <json> cli <command>           one-shot database command
//   schema-engine.mjs [--datamodels <file>]… [--datasource <json>] JSON-RPC on stdin/stdout
import { createLogger, routeNodeWarningsToLog } from './log.mjs';

routeNodeWarningsToLog(createLogger('schema_engine::bridge'));

/** Parse the native engine's arguments (the subset the Prisma CLI passes). */
function parseArgs(argv) {
  const args = { datamodelPaths: [], datasource: undefined, version: false, cliCommand: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case '--version':
      case '-V':
        args.version = true;
        break;
      case '--datamodels':
        args.datamodelPaths.push(argv[++i]);
        break;
      case '--datasource':
        args.datasource = JSON.parse(argv[++i]);
        break;
      case '--enabled-preview-features':
      case '--extension-types':
        i++; // accepted for compatibility; the WASM engine takes neither
        break;
      case 'cli':
        args.cliCommand = argv[++i];
        break;
      default:
        throw new Error(`Unknown argument: ${arg}`);
    }
  }
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.version) {
    const { engineVersion } = await import('./wasm-engine.mjs');
    process.stdout.write(`schema-engine-cli ${engineVersion()} (wasm bridge)\n`);
    return;
  }
  if (args.cliCommand !== undefined) {
    const { runCliCommand } = await import('./cli-commands.mjs');
    process.exitCode = await runCliCommand(args.cliCommand, args.datasource);
    return;
  }
  const { serveJsonRpc } = await import('./rpc.mjs');
  serveJsonRpc({ datamodelPaths: args.datamodelPaths, datasource: args.datasource ?? {} });
}

main().catch((error) => {
  const log = createLogger('schema_engine::logger');
  log.info('schema engine bridge failed'); // the CLI skips the first stderr line
  log.error(String(error?.message ?? error), { is_panic: false });
  process.exit(1);
});
