/**
 * The server's environment, validated once at start (next.config.ts imports this file, so a bad value
 * fails `next build` and the server before anything is served). Every variable is optional. A setting
 * the server cannot honour stops the start with a message saying so: never accepted and ignored.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { DEFAULT_TRUST_POLICY, TRUST_POLICIES } from "./metadata/pki/trust-policy";
import { parseTrustProxy, TrustProxyError, type TrustProxy } from "./http/trust-proxy";

const onOff = z.enum(["on", "off"], { message: 'must be "on" or "off"' });

const existingDirectory = (name: string) =>
  z
    .string()
    .min(1)
    .refine((dir) => fs.existsSync(dir) && fs.statSync(dir).isDirectory(), { message: `${name} must name an existing directory` });

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Address to listen on (all interfaces by default). */
  HOST: z.string().min(1).optional(),
  /** Embedded PostgreSQL (PGlite) data directory, used when DATABASE_URL is not set. */
  DATA_DIR: z.string().min(1).default("./data"),
  /** A real PostgreSQL server; without it the embedded PGlite in DATA_DIR is used. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  /**
   * Email confirmation of uploads (reference section 4.5): an upload whose endorser email is not proven
   * waits for the email's confirm link. Default: on in production with SMTP_URL, else off.
   */
  UPLOAD_CONFIRMATION: onOff.optional(),
  /** Days a confirm / abort / abuse link of a pending upload works. */
  UPLOAD_CONFIRMATION_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  /** SMTP server (smtp:// or smtps://); without it mail is written as .eml files to DATA_DIR/outbox. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
    .optional(),
  /** Demo appliances on the first start of an empty database. Default: on for the embedded database, off for PostgreSQL. */
  DEMO_DATA: onOff.optional(),
  /** `replica` makes the Marketplace read-only (uploads get 403 read-only repository). */
  MARKETPLACE_TYPE: z.enum(["master", "replica"], { message: 'must be "master" or "replica"' }).default("master"),
  /** Which certificate trust labels may be published. */
  TRUST_POLICY: z.enum(TRUST_POLICIES).default(DEFAULT_TRUST_POLICY),
  /** Directory of trusted CA certificates (PEM) and of CRLs. */
  CA_DIR: existingDirectory("CA_DIR").optional(),
  CRL_DIR: existingDirectory("CRL_DIR").optional(),
  /** Largest accepted upload, in bytes. */
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(2 * 1024 * 1024),
  /** Uploads per client address per minute. */
  UPLOAD_RATE_LIMIT: z.coerce.number().int().min(1).default(60),
  /** Public base URL (e.g. https://marketplace.example.org/) for Location headers and links. */
  PUBLIC_URL: z
    .string()
    .url()
    .refine((url) => /^https?:$/.test(new URL(url).protocol) && !new URL(url).search && !new URL(url).hash, {
      message: "must be an http:// or https:// URL without query or fragment",
    })
    .transform((url) => (url.endsWith("/") ? url : `${url}/`))
    .optional(),
  /** Which forwarding headers to believe: none (default), a hop count, or proxy addresses (lib/http/trust-proxy.ts). */
  TRUST_PROXY: z.string().optional(),
  /** A request (headers and body) must arrive within this many seconds; slower ones get 408. */
  REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
});

export type Env = Omit<z.infer<typeof envSchema>, "DEMO_DATA" | "UPLOAD_CONFIRMATION"> & {
  DEMO_DATA: "on" | "off";
  UPLOAD_CONFIRMATION: "on" | "off";
  dataDir: string;
  trustProxy: TrustProxy;
};

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  const problems = result.success ? [] : result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  let trustProxy: TrustProxy = { kind: "none" };
  try {
    trustProxy = parseTrustProxy(cleaned.TRUST_PROXY);
  } catch (error) {
    if (!(error instanceof TrustProxyError)) throw error;
    problems.push(`  TRUST_PROXY: ${error.message}`);
  }
  if (!result.success || problems.length > 0) throw new Error(`invalid environment:\n${problems.join("\n")}`);
  const data = result.data;
  return {
    ...data,
    DEMO_DATA: data.DEMO_DATA ?? (data.DATABASE_URL ? "off" : "on"),
    UPLOAD_CONFIRMATION: data.UPLOAD_CONFIRMATION ?? (data.NODE_ENV === "production" && data.SMTP_URL ? "on" : "off"),
    dataDir: path.resolve(data.DATA_DIR),
    trustProxy,
  };
}

export const env: Env = parseEnv(process.env);
