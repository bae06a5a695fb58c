/** Column types shared by the schema files (db/schema.ts, db/schema-accounts.ts, db/schema-workflow.ts). */
import { sql, type SQL } from "drizzle-orm";
import { customType } from "drizzle-orm/pg-core";

/**
 * bytea, written as base64 text decoded by the database: PGlite sends a bytea parameter as hex built
 * in JavaScript, about 10 times slower (350 ms per MB here, holding the database meanwhile). Read it
 * with db/document-bytes.ts for the same reason.
 */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (value): SQL => sql`decode(${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64")}, 'base64')`,
});
