import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;

/**
 * The suites run their agents on loopback; the SSRF guard refuses loopback unless allowed (ADR
 * 0050), so the tests allow it the way an operator would, through BATON_AGENT_ALLOW_NETWORKS.
 * Tests of the refusal itself clear it.
 */
const LOOPBACK_ALLOWED = { BATON_AGENT_ALLOW_NETWORKS: '127.0.0.0/8,::1' };

const shared = {
  resolve: {
    alias: {
      '@': root,
      // `server-only` throws outside React Server Components; tests import server modules directly.
      'server-only': path.join(root, 'lib/testing/empty-module.ts'),
    },
  },
};

export default defineConfig({
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: 'unit',
          environment: 'node',
          env: LOOPBACK_ALLOWED,
          include: ['{lib,app,components,scripts}/**/*.test.{ts,tsx}'],
          exclude: ['**/*.int.test.{ts,tsx}', 'node_modules/**'],
        },
      },
      {
        ...shared,
        test: {
          name: 'integration',
          environment: 'node',
          env: LOOPBACK_ALLOWED,
          include: ['{lib,app,components,scripts}/**/*.int.test.{ts,tsx}'],
          exclude: ['node_modules/**'],
          globalSetup: ['lib/testing/integration-global-setup.ts'],
          setupFiles: ['lib/testing/integration-worker-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
