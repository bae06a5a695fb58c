#!/usr/bin/env node
// The CLI is TypeScript bundled by `npm run build:workers` (run by `npm ci` through "prepare").
import { existsSync } from "node:fs";

const bundle = new URL("../dist/cli/marketplace.mjs", import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write("marketplace: the CLI is not built yet; run `npm ci` (or `npm run build:workers`) in the project first\n");
  process.exit(1);
}
await import(bundle.href);
