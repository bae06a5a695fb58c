/**
 * Runs once when the server starts: validates the environment, opens the database (migrations apply
 * on open) and adds the demo appliances to a new embedded database. Never during `next build`.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startServer } = await import("./lib/server/start");
  await startServer();
}
