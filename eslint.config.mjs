import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

/**
 * lib/engine is the pure domain (docs/ARCHITECTURE.md): it reaches the world only through the ports it
 * declares. This rule makes any import of the web framework, React, Prisma or the database layer a
 * lint error there. Tested in lib/engine/boundary.test.ts.
 */
export const ENGINE_FORBIDDEN_IMPORTS = [
  { regex: '^next(/.*)?$', message: 'lib/engine is pure: no Next.js imports.' },
  { regex: '^react(-dom)?(/.*)?$', message: 'lib/engine is pure: no React imports.' },
  {
    regex: '^(@prisma/.*|prisma(/.*)?|pg(/.*)?|pg-.*)$',
    message: 'lib/engine is pure: no database drivers; declare a port.',
  },
  {
    regex: '(^@/lib/db(/.*)?$)|(^(\\.\\./)+db(/.*)?$)|(/lib/db(/.*)?$)',
    message: 'lib/engine is pure: reach the database through a port implemented in lib/db.',
  },
  {
    regex: '^@/(app|components)(/.*)?$|^@/lib/(server|actions|agents)(/.*)?$',
    message:
      'lib/engine sits below the app, UI, server and adapters; they depend on it, not the reverse.',
  },
];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['lib/engine/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ENGINE_FORBIDDEN_IMPORTS }],
    },
  },
  {
    // Configuration has one reader (lib/env.ts): the inventory of variables stays in one place and
    // README → Configuration can be checked against it. Tests and their setup set variables freely.
    files: ['{app,components,lib}/**/*.{ts,tsx}'],
    ignores: ['lib/env.ts', 'lib/testing/**', '**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through lib/env.ts (getEnv, envVar, processEnv).',
        },
      ],
    },
  },
  {
    // Database error codes are mapped in one place (lib/db/sql.ts sqlErrorCode, ADR 0020).
    files: ['{app,components,lib,scripts}/**/*.{ts,tsx}'],
    ignores: ['lib/db/sql.ts', 'lib/db/generated/**', '**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Literal[value=/^(P2002|P2003|P2010|23505|23503|23514|40P01)$/]',
          message: 'Map database errors with sqlErrorCode() from lib/db/sql.ts (ADR 0020).',
        },
      ],
    },
  },
  {
    // The task job decides; attempt-sql.ts owns its statements (ADR 0020): no SQL in these files.
    files: [
      'lib/server/execution/run-task.ts',
      'lib/server/execution/claim.ts',
      'lib/server/execution/record.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.property.name=/^(query|\\$queryRaw|\\$executeRaw|\\$queryRawUnsafe|\\$executeRawUnsafe)$/]',
          message: 'Execution SQL lives in attempt-sql.ts (ADR 0020); call a function there.',
        },
      ],
    },
  },
  {
    // Playwright fixtures receive a function named `use`; it is not React's hook.
    files: ['e2e/**/*.ts'],
    rules: { 'react-hooks/rules-of-hooks': 'off', 'no-empty-pattern': 'off' },
  },
  globalIgnores([
    '.next/**',
    'out/**',
    'build/**',
    'next-env.d.ts',
    '.data/**',
    'lib/db/generated/**',
    'test-results/**',
    'playwright-report/**',
    'bench-results/**',
    '.scratch-*/**',
  ]),
]);
