/**
 * The Next.js application inside the server process: prepared, then its instrumentation registered
 * at once (Next.js would do it lazily, on the first request) so the application's start-up runs
 * before the process listens. instrumentation.ts publishes the start-up and shutdown hooks.
 */
import { createRequire } from "node:module";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import next from "next";
import { applicationHooks, type ApplicationHooks } from "@/lib/process-hooks";

export interface Application {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>;
  hooks: ApplicationHooks;
}

export async function prepareApplication(options: { dir: string; dev: boolean; hostname: string; port: number }): Promise<Application> {
  const app = next({ dir: options.dir, dev: options.dev, hostname: options.hostname, port: options.port, quiet: !options.dev });
  await app.prepare();
  if (!applicationHooks()) await registerInstrumentation(options.dir);
  const hooks = applicationHooks();
  if (!hooks)
    throw new Error("the application did not publish its start-up hooks (instrumentation.ts); is the build current? run `next build`");
  const handle = app.getRequestHandler();
  const upgrade = app.getUpgradeHandler();
  return {
    handle: (req, res) => handle(req, res),
    upgrade: (req, socket, head) => upgrade(req, socket, head),
    hooks,
  };
}

/**
 * The same call Next.js makes before serving its first request (next-server.js,
 * runInstrumentationHookIfAvailable); it runs register() once per process, so Next's own later call
 * does nothing. An internal module: the HTTP tests fail if an upgrade of Next.js moves it.
 */
async function registerInstrumentation(dir: string): Promise<void> {
  const require = createRequire(`${dir}/package.json`);
  const instrumentation = require("next/dist/server/lib/router-utils/instrumentation-globals.external.js") as {
    ensureInstrumentationRegistered(dir: string, distDir: string): Promise<void>;
  };
  await instrumentation.ensureInstrumentationRegistered(dir, ".next");
}
