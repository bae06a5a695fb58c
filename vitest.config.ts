/**
 * Five suites, run by the test command (.ci/test.mjs) one after the other, each with its own npm script:
 * - unit (`npm run test:unit`): the metadata engine, the CLI's settings, the HTTP and protocol helpers
 *   and the UI's pure helpers (no database); fast, for every change;
 * - slow (`npm run test:slow`): `*.slow.test.ts`, the tests of the same code that would take most of
 *   the unit tier's time: throughput (the 2 GiB image, images several times the ring's size, bz2 and
 *   xz images of several megabytes) and the CLI end to end (a new Node process per test);
 * - build (`npm run test:build`): `*.build.test.ts`, the image build for real (root, Debian's mirror,
 *   mmdebstrap, qemu-img: the test command installs them and gives the user subordinate ids);
 * - db (`npm run test:db`): the data layer, once on PGlite and once on PostgreSQL (TEST_DATABASE=pglite|postgres);
 * - http (`npm run test:http`): a production server (`next build` first) driven over HTTP, on either database.
 * The Playwright suite (`npm run test:e2e`) is configured in playwright.config.ts.
 */
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const alias = {
  "@": root,
  "server-only": path.join(root, "lib/testing/empty-module.ts"),
};

export default defineConfig({
  resolve: { alias },
  test: {
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: the hashing and verification tests start their own workers.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "components/**/*.test.ts"],
          exclude: ["**/*.slow.test.ts", "**/*.build.test.ts"],
          // The files of a worker share one module cache: importing the engine (xml-crypto, pkijs, forge)
          // and making the test keys once per worker instead of once per file halves the tier's CPU time.
          // So a test file must put back what it changes: stubbed env (vi.unstubAllEnvs), spies
          // (vi.restoreAllMocks), process.env, the `env` object; and must not vi.mock a shared module.
          isolate: false,
          globalSetup: ["lib/testing/global-setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "slow",
          include: ["lib/**/*.slow.test.ts"],
          // The CLI's longest tests take ~15 s alone and run beside the 2 GiB hashing test here.
          testTimeout: 120_000,
          globalSetup: ["lib/testing/global-setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          // `npm run test:build`: the image build for real (root, Debian's mirror, mmdebstrap, qemu); minutes, not seconds.
          name: "build",
          include: ["lib/**/*.build.test.ts", "e2e/http/**/*.build.test.ts"],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
          globalSetup: ["lib/testing/global-setup.ts", "db/testing/global-setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "db",
          include: ["db/**/*.test.ts"],
          exclude: ["db/__scratch__/**"],
          globalSetup: ["lib/testing/global-setup.ts", "db/testing/global-setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "http",
          include: ["e2e/http/**/*.test.ts"],
          exclude: ["e2e/http/**/*.build.test.ts"],
          globalSetup: ["lib/testing/global-setup.ts", "db/testing/global-setup.ts"],
          // Each file starts its own production server; one at a time on two cores.
          fileParallelism: false,
          testTimeout: 60_000,
        },
      },
    ],
  },
});
