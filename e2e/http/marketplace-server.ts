/**
 * A production Marketplace server for the HTTP tests: the server process (dist/server/main.mjs, what
 * `npm start` runs) over the build in .next, on a free port, on a fresh embedded database (PGlite in a
 * temp DATA_DIR) or, with TEST_DATABASE=postgres, on a fresh database of the PostgreSQL server the
 * test run started.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestDatabaseUrl } from "@/db/testing/postgres-database";
import { freePort } from "@/db/testing/postgres-server";
import { packageRoot } from "@/lib/metadata/workers/worker-path";
import { copyPgliteTemplate } from "./pglite-template";

export interface MarketplaceServer {
  url: string;
  /** The server process (no wrapper in between). */
  pid: number;
  dataDir: string;
  stop(): Promise<void>;
  /** Everything the server printed, for failure messages. */
  output(): string;
}

export interface StartOptions {
  /** Another server's data directory (the lock tests); default a fresh one, removed on stop. */
  dataDir?: string;
  /** Options for the server's node (bench:soak's SOAK_NODE_ARGS, e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** "pglite": the embedded database even in a run on PostgreSQL (a test mixing both). */
  database?: "pglite";
}

export async function startMarketplace(env: Record<string, string> = {}, options: StartOptions = {}): Promise<MarketplaceServer> {
  const port = await freePort();
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "marketplace-http-"));
  const database =
    process.env.TEST_DATABASE === "postgres" && !env.DATABASE_URL && options.database !== "pglite"
      ? { DATABASE_URL: await createTestDatabaseUrl() }
      : {};
  if (!options.dataDir && !database.DATABASE_URL && !env.DATABASE_URL) copyPgliteTemplate(dataDir);
  let output = "";
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), serverEntry()], {
    cwd: packageRoot(),
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/root",
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      DEMO_DATA: "off",
      UPLOAD_RATE_LIMIT: "100000",
      LOG_LEVEL: "warn",
      // Production on PostgreSQL refuses to start without one; "" makes a test use the generated file.
      AUTH_SECRET: "http-tests-auth-secret-0123456789abcdef",
      ...database,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, () => output);
  return {
    url,
    pid: child.pid as number,
    dataDir,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await new Promise((resolve) => child.once("exit", resolve));
      }
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The bundled server process; `npm run build:workers` (run by the test command first) makes it. */
export function serverEntry(): string {
  const entry = path.join(packageRoot(), "dist", "server", "main.mjs");
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run "npm run build:workers" first`);
  return entry;
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill("SIGKILL");
  throw new Error(`the server did not answer within 60 s:\n${output()}`);
}
