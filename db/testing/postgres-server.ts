/**
 * A throwaway PostgreSQL server for a test run: initdb and pg_ctl in a temp directory, on a free port
 * of 127.0.0.1, tuned for speed rather than durability. PostgreSQL refuses to run as root, so as root
 * it runs as the `postgres` system user (runuser), which then owns the directory. The programs come
 * from PG_BIN, else PATH, else the newest /usr/lib/postgresql/<version>/bin (Debian's layout).
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface PostgresServer {
  /** Superuser URL of the `postgres` database; tests create their own databases from it. */
  url: string;
  stop(): Promise<void>;
}

const SERVER_USER = "postgres";

export async function startPostgresServer(): Promise<PostgresServer> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "marketplace-pg-"));
  const dataDir = path.join(root, "data");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", SERVER_USER], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", SERVER_USER], { encoding: "utf8" }).trim());
    fs.chownSync(root, uid, gid);
  }
  const run = (command: string, args: string[]) => {
    const program = postgresProgram(command);
    const [file, argv] = asRoot ? ["runuser", ["-u", SERVER_USER, "--", program, ...args]] : [program, args];
    const result = spawnSync(file, argv, { encoding: "utf8", cwd: root });
    if (result.status !== 0) {
      const log = readLog(root);
      throw new Error(
        `${command} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout}${log ? `\nserver log:\n${log}` : ""}`,
      );
    }
  };

  try {
    run("initdb", ["-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"]);
    const port = await freePort();
    const settings = [
      `-p ${port}`,
      `-k ${root}`,
      "-c listen_addresses=127.0.0.1",
      "-c fsync=off",
      "-c synchronous_commit=off",
      "-c full_page_writes=off",
      "-c max_connections=300",
      "-c shared_buffers=128MB",
    ].join(" ");
    run("pg_ctl", ["-D", dataDir, "-l", path.join(root, "server.log"), "-w", "-t", "60", "-o", settings, "start"]);
    let stopped = false;
    const stop = () => {
      if (stopped) return;
      stopped = true;
      process.off("exit", stop);
      try {
        run("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    };
    // A run that ends without its teardown (an error, Ctrl-C) must not leave the server behind.
    process.on("exit", stop);
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop: async () => stop() };
  } catch (error) {
    fs.rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

function postgresProgram(name: string): string {
  if (process.env.PG_BIN) return path.join(process.env.PG_BIN, name);
  if (spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0) return name;
  const debian = "/usr/lib/postgresql";
  const versions = fs.existsSync(debian)
    ? fs
        .readdirSync(debian)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const version of versions) {
    const program = path.join(debian, version, "bin", name);
    if (fs.existsSync(program)) return program;
  }
  throw new Error(`${name} not found: install PostgreSQL (Debian: apt-get install postgresql) or set PG_BIN`);
}

function readLog(root: string): string {
  try {
    return fs.readFileSync(path.join(root, "server.log"), "utf8").slice(-4000);
  } catch {
    return "";
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
