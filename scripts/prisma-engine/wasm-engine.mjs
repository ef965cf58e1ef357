// Loading @prisma/schema-engine-wasm in plain Node.
//
// The package's main entry (`schema_engine.js`) does `import * as wasm from "./x.wasm"`, which
// Node 20 cannot import. Its `./schema_engine_bg` export is the wasm-bindgen glue without that
// import: compile the .wasm next to it ourselves and wire the two together. The package has
// no `./package.json` export, so its folder is found from the glue's resolved URL.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const glueUrl = import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
const packageDir = path.dirname(fileURLToPath(glueUrl));

/** The engine's version: the prisma-engines commit in the package version (`8.1.0-2.<commit>`). */
export function engineVersion() {
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  return version.split('.').at(-1);
}

/**
 * Quirk 4 (part 1): the engine's Rust panic hook reports the panic message by calling
 * `global.PRISMA_WASM_PANIC_REGISTRY.set_message(…)`. Without that object the hook itself
 * throws and the message is lost. Register it before the module starts; the RPC layer reads
 * it to report panics, and its `onPanic` hook catches panics that no awaited call reports
 * (see `rpc.mjs`).
 */
export const panicRegistry = {
  message: '',
  /** Called after every panic, once the current call stack and its promise jobs are done. */
  onPanic: null,
  set_message(message) {
    this.message = message;
    setImmediate(() => this.onPanic?.());
  },
  take() {
    const { message } = this;
    this.message = '';
    return message;
  },
};

function installPanicRegistry() {
  globalThis.PRISMA_WASM_PANIC_REGISTRY = panicRegistry;
}

let modulePromise;

/** Load and instantiate the WASM module once; resolves to the glue module (`SchemaEngine`, …). */
export function loadSchemaEngineModule() {
  modulePromise ??= (async () => {
    installPanicRegistry();
    const [glue, compiled] = await Promise.all([
      import(glueUrl),
      WebAssembly.compile(
        await fs.promises.readFile(path.join(packageDir, 'schema_engine_bg.wasm')),
      ),
    ]);
    const instance = await WebAssembly.instantiate(compiled, { './schema_engine_bg.js': glue });
    glue.__wbg_set_wasm(instance.exports);
    instance.exports.__wbindgen_start();
    return glue;
  })();
  return modulePromise;
}
