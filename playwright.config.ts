import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests: a production build (`npm start` through e2e/support/server.ts, with its own
 * fresh database) driven by Debian's Chromium. Browsers are never downloaded (toolchain.md).
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_LAUNCH = {
  executablePath: CHROMIUM,
  // Without the network flags Chromium floods this closed network with refused connections.
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-results.json' }]],
  outputDir: 'test-results/e2e',
  use: {
    baseURL: `http://localhost:${PORT}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      // Runs first, on the fresh install: creates the first admin through the setup page.
      name: 'first-run',
      testMatch: 'first-run.spec.ts',
      use: { ...devices['Desktop Chrome'], launchOptions: CHROMIUM_LAUNCH },
    },
    {
      name: 'chromium',
      testIgnore: 'first-run.spec.ts',
      dependencies: ['first-run'],
      use: { ...devices['Desktop Chrome'], launchOptions: CHROMIUM_LAUNCH },
    },
  ],
  webServer: {
    command: 'npx tsx e2e/support/server.ts',
    url: `http://localhost:${PORT}/api/v1/health`,
    // First run includes `next build`: ~2 min on an idle 2-core machine, over 5 when it is busy.
    timeout: 900_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    // The e2e agents run on loopback, which the SSRF guard refuses unless allowed (ADR 0050).
    env: { PORT: String(PORT), BATON_AGENT_ALLOW_NETWORKS: '127.0.0.0/8,::1' },
    gracefulShutdown: { signal: 'SIGINT', timeout: 30_000 },
  },
});
