/** `npx drizzle-kit generate` diffs db/schema.ts against db/migrations/meta and writes the next migration. */
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
  // The migrator records applied migrations here on both backends.
  migrations: { table: "__drizzle_migrations", schema: "drizzle" },
  strict: true,
  verbose: true,
});
