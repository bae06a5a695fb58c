/**
 * What the data layer may rely on when the database is the embedded PGlite (db/pglite-worker): one
 * process writes it (the data-directory lock), through one client that runs one transaction at a time
 * and counts its writes. Recognised by shape, not instanceof: the bundler may load the client's module
 * and its callers' in separate copies.
 */
import type { Db } from "./client";
import type { RemotePglite } from "./pglite-worker/remote-pglite";

function client(db: Db): Partial<Pick<RemotePglite, "writeEpoch">> | undefined {
  return (db as unknown as { $client?: Partial<Pick<RemotePglite, "writeEpoch">> }).$client;
}

/** The count of writes so far, or undefined for a database other processes may write (PostgreSQL). */
export function embeddedWriteEpoch(db: Db): number | undefined {
  const epoch = client(db)?.writeEpoch;
  return typeof epoch === "number" ? epoch : undefined;
}

/** Transactions never overlap: advisory locks between them would only cost round trips. */
export function transactionsAreExclusive(db: Db): boolean {
  return embeddedWriteEpoch(db) !== undefined;
}
