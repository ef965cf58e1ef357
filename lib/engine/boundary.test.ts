import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The engine's purity is enforced by lint (eslint.config.mjs). These tests run the project's real
 * ESLint configuration on code placed in lib/engine and elsewhere.
 */
const root = path.join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

// The first lint loads the config, the TypeScript parser and every plugin: seconds on a busy machine.
beforeAll(async () => {
  await eslint.lintText('export {};\n', { filePath: path.join(root, 'lib/engine/warm-up.ts') });
}, 60_000);

async function restrictedImportErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('lib/engine import boundary', () => {
  it.each([
    ["import { NextResponse } from 'next/server';", 'Next.js'],
    ["import { useState } from 'react';", 'React'],
    ["import { PrismaClient } from '@prisma/client';", 'database'],
    ["import { getDb } from '@/lib/db/client';", 'database'],
    ["import { createPrismaClient } from '../db/prisma';", 'database'],
    ["import pg from 'pg';", 'database'],
  ])('rejects %s', async (code, reason) => {
    const errors = await restrictedImportErrors(
      `${code}\nexport const x = 1;\n`,
      'lib/engine/probe.ts',
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(reason);
  });

  it('allows imports inside the engine and from the standard library', async () => {
    const code = "import { formatUsd } from './budget/money';\nexport const f = formatUsd;\n";
    expect(await restrictedImportErrors(code, 'lib/engine/probe.ts')).toEqual([]);
  });

  it('does not restrict the same imports outside the engine', async () => {
    const code = "import { getDb } from '@/lib/db/client';\nexport const g = getDb;\n";
    expect(await restrictedImportErrors(code, 'lib/server/probe.ts')).toEqual([]);
  });
});

describe('configuration has one reader', () => {
  async function envErrors(filePath: string): Promise<string[]> {
    const code = 'export const level = process.env.LOG_LEVEL;\n';
    const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
    return (result?.messages ?? [])
      .filter((message) => message.ruleId === 'no-restricted-properties')
      .map((message) => message.message);
  }

  it('rejects process.env outside lib/env.ts', async () => {
    for (const file of ['lib/server/probe.ts', 'app/probe/page.tsx', 'components/probe.tsx']) {
      expect(await envErrors(file)).toEqual([
        expect.stringContaining('Read configuration through lib/env.ts'),
      ]);
    }
  });

  it('allows it in lib/env.ts and in tests', async () => {
    expect(await envErrors('lib/env.ts')).toEqual([]);
    expect(await envErrors('lib/server/probe.test.ts')).toEqual([]);
  });
});

describe('execution SQL has one owner (ADR 0020)', () => {
  async function syntaxErrors(code: string, filePath: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
    return (result?.messages ?? [])
      .filter((message) => message.ruleId === 'no-restricted-syntax')
      .map((message) => message.message);
  }

  it('rejects SQL in the task job, the claim and the record', async () => {
    const code = "export const f = (pool: { query(s: string): void }) => pool.query('SELECT 1');\n";
    for (const file of ['run-task.ts', 'claim.ts', 'record.ts']) {
      expect(await syntaxErrors(code, `lib/server/execution/${file}`)).toEqual([
        expect.stringContaining('attempt-sql.ts'),
      ]);
    }
    const raw = 'export const f = (tx: { $executeRaw(s: string): void }) => tx.$executeRaw("x");\n';
    expect(await syntaxErrors(raw, 'lib/server/execution/claim.ts')).toHaveLength(1);
    expect(await syntaxErrors(code, 'lib/server/execution/attempt-sql.ts')).toEqual([]);
  });

  it('maps database error codes only in lib/db/sql.ts', async () => {
    const code = "export const isTaken = (e: { code?: string }) => e.code === 'P2002';\n";
    expect(await syntaxErrors(code, 'lib/server/probe.ts')).toEqual([
      expect.stringContaining('sqlErrorCode'),
    ]);
    expect(await syntaxErrors(code.replace('P2002', '23505'), 'app/probe/route.ts')).toHaveLength(
      1,
    );
    expect(await syntaxErrors(code, 'lib/db/sql.ts')).toEqual([]);
  });
});
