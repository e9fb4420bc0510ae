import { defineConfig } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.mjs';

// Overridable so that two runs on one machine do not collide.
const LITE_PORT = Number(process.env.E2E_LITE_PORT ?? 8701);
const LAB_PORT = Number(process.env.E2E_LAB_PORT ?? 8702);
const OUTPUT = process.env.E2E_OUTPUT ?? '../build/test-output/e2e';

export default defineConfig({
  testDir: './e2e',
  timeout: 240_000,
  expect: { timeout: 60_000 },
  workers: 1,
  retries: 0,
  outputDir: OUTPUT,
  reporter: [
    ['list'],
    ['junit', { outputFile: '../build/test-results/e2e.xml' }]
  ],
  use: {
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS
    },
    // Traces of a lite notebook run reach 1 GB: turn on with --trace on.
    trace: 'off',
    screenshot: 'only-on-failure'
  },
  projects: [
    {
      name: 'lite',
      testMatch:
        /(lite|helper_ui|parity|dictionary|warm_start|tutorials|notebooks)\.spec\.ts/,
      use: { baseURL: `http://127.0.0.1:${LITE_PORT}` }
    },
    {
      name: 'jupyterlab',
      testMatch: /(jupyterlab|dictionary|tutorials_lab|notebooks)\.spec\.ts/,
      use: { baseURL: `http://127.0.0.1:${LAB_PORT}` }
    }
  ],
  webServer: [
    {
      command: `.venv/bin/python scripts/serve.py build/lite --port ${LITE_PORT}`,
      cwd: '..',
      url: `http://127.0.0.1:${LITE_PORT}/lab/index.html`,
      reuseExistingServer: false,
      timeout: 30_000
    },
    {
      command: `bash tests/start_jupyterlab.sh ${LAB_PORT}`,
      cwd: '..',
      url: `http://127.0.0.1:${LAB_PORT}/lab`,
      reuseExistingServer: false,
      timeout: 300_000
    }
  ]
});
