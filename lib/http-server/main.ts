/**
 * Entry of the server process (dist/server/main.mjs, built by esbuild.config.mjs): `--dev` serves the
 * development build with hot reload, otherwise the production build in .next. NODE_ENV is fixed
 * before anything reads it, and a bad environment is reported as one message with exit code 2.
 */
export {};

const dev = process.argv.includes("--dev");
(process.env as Record<string, string>).NODE_ENV = dev ? "development" : "production";

try {
  await import("@/lib/env");
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
const { serve } = await import("./serve");
await serve(dev);
