/**
 * Entry of `npm run worker` (dist/worker/main.mjs, built by esbuild.config.mjs): a process that runs
 * the job queue's workers, image builds among them, and serves nothing. Any number of them, on this
 * machine or others, share one PostgreSQL (DATABASE_URL): the claim gives each job to one of them.
 * The embedded database belongs to one process, the server's, which runs its own workers.
 */
export {};

(process.env as Record<string, string>).NODE_ENV ??= "production";

let env: typeof import("@/lib/env").env;
try {
  ({ env } = await import("@/lib/env"));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
if (!env.DATABASE_URL) {
  process.stderr.write(
    "a separate worker needs DATABASE_URL (a PostgreSQL server): the embedded database is the server's own, and the server runs its workers itself\n",
  );
  process.exit(2);
}
if (env.JOB_CONCURRENCY === 0 && env.BUILD_CONCURRENCY === 0) {
  process.stderr.write("JOB_CONCURRENCY and BUILD_CONCURRENCY are both 0: this worker would run nothing\n");
  process.exit(2);
}

const { getDb, closeDb } = await import("@/db/client");
const { startJobs, stopJobs } = await import("@/lib/server/jobs");
const { logger } = await import("@/lib/logger");

await getDb();
startJobs();
logger.info("worker ready", { builds: env.BUILD_CONCURRENCY, jobs: env.JOB_CONCURRENCY });

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info("worker stopping", { signal });
  void stopJobs()
    .finally(() => closeDb())
    .finally(() => process.exit(0));
};
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
