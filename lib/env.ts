/**
 * The server's environment, validated once at start (next.config.ts imports this file, so a bad value
 * fails `next build` and `next start` before anything is served). Every variable is optional.
 */
import path from "node:path";
import { z } from "zod";

const onOff = z.enum(["on", "off"], { message: 'must be "on" or "off"' });

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Embedded PostgreSQL (PGlite) data directory, used when DATABASE_URL is not set. */
  DATA_DIR: z.string().min(1).default("./data"),
  /** A real PostgreSQL server; without it the embedded PGlite in DATA_DIR is used. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  /** Email confirmation of uploads whose email is not otherwise proven; off stores uploads at once. */
  UPLOAD_CONFIRMATION: onOff.default("off"),
  /** Demo appliances on the first start of an empty embedded database. */
  DEMO_DATA: onOff.default("on"),
  /** `replica` makes the Marketplace read-only (uploads get 403 read-only repository). */
  MARKETPLACE_TYPE: z.enum(["master", "replica"], { message: 'must be "master" or "replica"' }).default("master"),
  /** Which certificate trust labels may be published. */
  TRUST_POLICY: z.enum(["open", "valid-only", "trusted-only"]).default("open"),
  /** Directory of trusted CA certificates (PEM) and of CRLs. */
  CA_DIR: z.string().min(1).optional(),
  CRL_DIR: z.string().min(1).optional(),
  /** Largest accepted upload, in bytes. */
  MAX_UPLOAD_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(2 * 1024 * 1024),
  /** Uploads per client address per minute. */
  UPLOAD_RATE_LIMIT: z.coerce.number().int().min(1).default(60),
  /** Public base URL (e.g. https://marketplace.example.org/); default: from the request's Host. */
  PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
});

export type Env = z.infer<typeof envSchema> & { dataDir: string };

function parseEnv(source: NodeJS.ProcessEnv): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`invalid environment:\n${problems}`);
  }
  return { ...result.data, dataDir: path.resolve(result.data.DATA_DIR) };
}

export const env: Env = parseEnv(process.env);
