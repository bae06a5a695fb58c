/**
 * Publishes the application's start-up and shutdown for the server process (lib/http-server), which
 * runs start-up before it listens, so a server that cannot open its database exits instead of
 * answering 500. Never during `next build`.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { publishApplicationHooks } = await import("./lib/process-hooks");
  const { startServer, stopServer } = await import("./lib/server/start");
  publishApplicationHooks({ start: startServer, shutdown: stopServer });
}
