import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
// drizzle-kit takes `--out` relative to the working directory.
const CHECK_DIR = path.join("node_modules", ".cache", `schema-check-${process.pid}`);

afterEach(() => fs.rmSync(path.join(ROOT, CHECK_DIR), { recursive: true, force: true }));

it("has a committed migration for every change of db/schema.ts", () => {
  fs.cpSync(path.join(ROOT, "db", "migrations"), path.join(ROOT, CHECK_DIR), { recursive: true });
  const output = execFileSync(
    process.execPath,
    [
      path.join(ROOT, "node_modules", "drizzle-kit", "bin.cjs"),
      "generate",
      "--dialect=postgresql",
      "--schema=./db/schema.ts",
      `--out=./${CHECK_DIR}`,
    ],
    { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  expect(output, "run `npx drizzle-kit generate` and commit db/migrations").toContain("No schema changes");
  expect(fs.readdirSync(path.join(ROOT, CHECK_DIR)).filter((f) => f.endsWith(".sql"))).toEqual(
    fs.readdirSync(path.join(ROOT, "db", "migrations")).filter((f) => f.endsWith(".sql")),
  );
});
