/**
 * End-to-end tests in Debian's headless Chromium against a production build (`next build` first; the
 * test command does it). The server runs on an empty embedded database with the demo appliances.
 */
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3210);
const dataDir = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `marketplace-e2e-${process.pid}`);
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  // No retries: a test that passes only on its second attempt has found a problem (it once hid the
  // page lane's lost places), and the test command counts it as failed.
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: process.env.E2E_JSON_REPORT ?? "test-results/e2e-report.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: chromium,
  },
  projects: [
    {
      name: "desktop",
      use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 900 }, launchOptions: chromium },
      testIgnore: "**/responsive.spec.ts",
    },
    { name: "phone", use: { ...devices["Pixel 7"], launchOptions: chromium }, testMatch: "**/responsive.spec.ts" },
  ],
  webServer: {
    // The server process `npm start` runs (dist/server/main.mjs), over the production build.
    command: `rm -rf ${dataDir} && node dist/server/main.mjs`,
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: { PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, DEMO_DATA: "on", UPLOAD_RATE_LIMIT: "1000", LOG_LEVEL: "warn" },
  },
});
