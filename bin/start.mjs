#!/usr/bin/env node
// `npm start`: installs the dependencies if needed, bundles the server process and workers, builds the
// app if the build is missing or older than the sources, and serves the Marketplace on PORT (default
// 3000). The server runs in this very process (no wrapper to forward signals through): SIGTERM or
// Ctrl-C finish the requests in flight, close the database and release its lock.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ensureNodeModules, root, run } from "./setup.mjs";

const SOURCES = [
  "app",
  "components",
  "lib",
  "db",
  "public",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.ts",
  "package-lock.json",
  "postcss.config.mjs",
];

function newestSource() {
  let newest = 0;
  const visit = (file) => {
    if (!fs.existsSync(file)) return;
    const stat = fs.statSync(file);
    if (stat.isDirectory()) {
      if (path.basename(file) === "__fixtures__") return;
      for (const name of fs.readdirSync(file)) visit(path.join(file, name));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const source of SOURCES) visit(path.join(root, source));
  return newest;
}

ensureNodeModules();
if (run(process.execPath, [path.join(root, "esbuild.config.mjs")]) !== 0) process.exit(1);
const buildId = path.join(root, ".next", "BUILD_ID");
if (!fs.existsSync(buildId) || fs.statSync(buildId).mtimeMs < newestSource()) {
  console.log("building the Marketplace (next build)");
  if (run(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"]) !== 0) process.exit(1);
}
const port = process.env.PORT ?? "3000";
console.log(
  `starting on http://localhost:${port}/ (DATA_DIR=${process.env.DATA_DIR ?? "./data"}${process.env.DATABASE_URL ? ", DATABASE_URL set" : ""})`,
);
process.chdir(root);
await import(pathToFileURL(path.join(root, "dist", "server", "main.mjs")).href);
