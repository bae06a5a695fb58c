// Bundles what must run as plain JavaScript outside Next.js: the worker scripts (one per
// `*.worker.ts` under lib/ and db/), the HTTP server process and the `marketplace` CLI. Output goes to dist/ (not committed).
import { build } from "esbuild";
import fs from "node:fs";
import path from "node:path";

const root = import.meta.dirname;
const workers = ["lib", "db"].flatMap((dir) =>
  fs
    .readdirSync(path.join(root, dir), { recursive: true })
    .filter((f) => String(f).endsWith(".worker.ts"))
    .map((f) => path.join(root, dir, String(f))),
);

const common = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
  tsconfig: path.join(root, "tsconfig.json"),
  // Native and self-locating packages stay external and load from node_modules.
  packages: "external",
};

await build({
  ...common,
  entryPoints: Object.fromEntries(workers.map((f) => [path.basename(f, ".ts"), f])),
  outdir: path.join(root, "dist", "workers"),
  outExtension: { ".js": ".mjs" },
});

// The HTTP server process in front of Next.js (lib/http-server/main.ts); `next` itself stays external.
await build({
  ...common,
  entryPoints: [path.join(root, "lib", "http-server", "main.ts")],
  outfile: path.join(root, "dist", "server", "main.mjs"),
});

// `npm run worker`: the job queue's workers in a process of their own (lib/worker/main.ts). It holds
// server-only modules, whose marker package is for Next's bundler: here it is an empty module.
await build({
  ...common,
  entryPoints: [path.join(root, "lib", "worker", "main.ts")],
  outfile: path.join(root, "dist", "worker", "main.mjs"),
  packages: undefined,
  external: [...Object.keys(JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).dependencies ?? {})].filter(
    (name) => name !== "server-only",
  ),
  alias: { "server-only": path.join(root, "lib", "testing", "empty-module.ts") },
});

const cli = path.join(root, "bin", "marketplace.ts");
if (fs.existsSync(cli)) {
  await build({ ...common, entryPoints: [cli], outfile: path.join(root, "dist", "cli", "marketplace.mjs") });
}
