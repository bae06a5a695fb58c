/**
 * A new PGlite data directory costs about 10 s here (initdb inside WebAssembly), and every HTTP test
 * file starts servers on fresh ones. So one empty data directory is made per PGlite version and copied
 * for each server (under a second); the server then migrates the copy as it would a new directory.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { packageRoot } from "@/lib/metadata/workers/worker-path";

function template(): string {
  const version = (
    JSON.parse(fs.readFileSync(path.join(packageRoot(), "node_modules", "@electric-sql", "pglite", "package.json"), "utf8")) as {
      version: string;
    }
  ).version;
  const dir = path.join(os.tmpdir(), `marketplace-pglite-template-${version}`);
  if (fs.existsSync(path.join(dir, "PG_VERSION"))) return dir;
  const building = `${dir}.${process.pid}`;
  fs.rmSync(building, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `import { PGlite } from "@electric-sql/pglite"; const pg = await PGlite.create(${JSON.stringify(building)}); await pg.close();`,
    ],
    { cwd: packageRoot(), stdio: "inherit" },
  );
  try {
    fs.renameSync(building, dir);
  } catch {
    fs.rmSync(building, { recursive: true, force: true }); // another test process got there first
  }
  return dir;
}

/** Fills `dataDir` (new or empty) with a fresh empty database. */
export function copyPgliteTemplate(dataDir: string): void {
  fs.cpSync(template(), dataDir, { recursive: true });
}
