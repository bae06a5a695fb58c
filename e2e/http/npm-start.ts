/**
 * `npm start` as a user runs it, in its own process group (so a test can stop npm and the server it
 * runs together), on a free port, with a data directory of the test's and only the environment a
 * user's shell would give: PATH and HOME.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "@/db/testing/postgres-server";
import { packageRoot } from "@/lib/metadata/workers/worker-path";

export interface NpmStarted {
  child: ChildProcess;
  url: string;
  /** Everything npm and the server printed so far, stdout and stderr interleaved. */
  output: () => string;
  exited: Promise<number | null>;
}

export async function npmStart(options: { dataDir: string; home?: string }): Promise<NpmStarted> {
  const port = await freePort();
  let output = "";
  const child = spawn("npm", ["start", "--silent"], {
    cwd: packageRoot(),
    env: {
      PATH: process.env.PATH ?? "",
      HOME: options.home ?? process.env.HOME ?? "/root",
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: options.dataDir,
      DEMO_DATA: "off",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, url: `http://127.0.0.1:${port}`, output: () => output, exited };
}
