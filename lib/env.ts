/**
 * The server's environment, validated once at start (next.config.ts imports this file, so a bad value
 * fails `next build` and the server before anything is served). Every variable is optional. A setting
 * the server cannot honour stops the start with a message saying so: never accepted and ignored.
 */
import fs from "node:fs";
import path from "node:path";
import ipaddr from "ipaddr.js";
import { z } from "zod";
import { DEFAULT_TRUST_POLICY, TRUST_POLICIES } from "./metadata/pki/trust-policy";
import { parseTrustProxy, TrustProxyError, type TrustProxy } from "./http/trust-proxy";
import { passwordProblem } from "./accounts/password-policy";
import { parseS3Url } from "./build/s3-url";
import { OPEN_SITE_POLICY, parseSitePolicy, SitePolicyError, type SitePolicy } from "./entries/site-policy";

const onOff = z.enum(["on", "off"], { message: 'must be "on" or "off"' });

const existingDirectory = (name: string) =>
  z
    .string()
    .min(1)
    .refine((dir) => fs.existsSync(dir) && fs.statSync(dir).isDirectory(), { message: `${name} must name an existing directory` });

/** Comma-separated CIDRs (e.g. "127.0.0.1/32,10.0.0.0/8"), as the SSRF rules' allow list. */
const cidrList = () =>
  z
    .string()
    .optional()
    .transform((value) =>
      (value ?? "")
        .split(",")
        .map((cidr) => cidr.trim())
        .filter(Boolean),
    )
    .refine((cidrs) => cidrs.every((cidr) => ipaddr.isValidCIDR(cidr)), {
      message: 'a comma-separated list of CIDRs such as "127.0.0.1/32,::1/128"',
    });

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
  /** Demo appliances on the first start of an empty database. Default: on for the embedded database, off for PostgreSQL. */
  DEMO_DATA: onOff.optional(),
  /** `replica` makes the Marketplace read-only (uploads get 403 read-only repository); with MASTER_URL it copies a master's entries. */
  MARKETPLACE_TYPE: z.enum(["master", "replica"], { message: 'must be "master" or "replica"' }).default("master"),
  /**
   * The Marketplaces a replica follows (comma-separated base URLs, e.g. https://marketplace.example.org/): their
   * replication feeds are read every REPLICA_SYNC_SECONDS, each entry re-verified before it is stored.
   */
  MASTER_URL: z
    .string()
    .optional()
    .transform((value, context) => {
      const urls = (value ?? "")
        .split(",")
        .map((url) => url.trim())
        .filter(Boolean);
      const normal: string[] = [];
      for (const url of urls) {
        let parsed: URL;
        try {
          parsed = new URL(url);
        } catch {
          context.addIssue({ code: "custom", message: `"${url}" is not a URL` });
          return z.NEVER;
        }
        if (!/^https?:$/.test(parsed.protocol) || parsed.search || parsed.hash || parsed.username || parsed.password) {
          context.addIssue({
            code: "custom",
            message: `"${url}" must be an http:// or https:// URL without credentials, query or fragment`,
          });
          return z.NEVER;
        }
        const text = parsed.toString();
        normal.push(text.endsWith("/") ? text : `${text}/`);
      }
      return [...new Set(normal)];
    }),
  /**
   * Where the legacy rsync script (`marketplace-sync`) puts a master's files for `POST /sync`:
   * <SYNC_DIR>/<identifier>/<email>/<created>.xml, and the list of new keys in <SYNC_DIR>/.sync. Default <DATA_DIR>/sync.
   */
  SYNC_DIR: z.string().min(1).optional(),
  /** How often a replica reads its masters' feeds, in seconds. */
  REPLICA_SYNC_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
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
  /** Signs the session cookies. Default on the embedded database: generated once into <DATA_DIR>/auth-secret. */
  AUTH_SECRET: z.string().min(32, "must have at least 32 characters (e.g. `openssl rand -base64 33`)").optional(),
  /** An OpenID Connect provider to sign in with: all three or none. */
  AUTH_OIDC_ISSUER: z
    .string()
    .url()
    .refine((url) => /^https?:$/.test(new URL(url).protocol), { message: "must be an http:// or https:// URL" })
    .optional(),
  AUTH_OIDC_ID: z.string().min(1).optional(),
  AUTH_OIDC_SECRET: z.string().min(1).optional(),
  /** The name of the OIDC provider on the sign-in button. */
  AUTH_OIDC_NAME: z.string().min(1).max(60).default("OpenID Connect"),
  /** The first admin, created at start when no account has this email (never overwritten): both or neither. */
  ADMIN_EMAIL: z.string().email("must be an email address").optional(),
  ADMIN_PASSWORD: z.string().optional(),
  // Mail and the job queue (lib/server/mail, lib/server/jobs).
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465; without it each message is an .eml file in DATA_DIR/outbox. */
  SMTP_URL: z
    .string()
    .refine(isSmtpUrl, { message: "must be an smtp:// or smtps:// URL with a host, e.g. smtp://user:password@mail.example.org:587" })
    .optional(),
  /** The From of every message: an address, or "Name <address>". Default: Appliance Marketplace <marketplace@PUBLIC_URL's host>. */
  MAIL_FROM: z
    .string()
    .refine((value) => MAIL_FROM_PATTERN.test(value.trim()), { message: 'must be an address or "Name <address>"' })
    .optional(),
  /** How often an idle worker looks for jobs, in ms (a job queued by this process wakes it at once). */
  JOB_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  /** Jobs run at once by this process; 0: this instance runs no jobs (and schedules no reminders). */
  JOB_CONCURRENCY: z.coerce.number().int().min(0).max(16).default(2),
  /** A running job's lease, renewed by heartbeat; a job whose lease expires (its process died) is run again. */
  JOB_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** The first retry of a failed job waits this long, each next one twice as long (at most an hour). */
  JOB_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(30_000),
  /** Image builds run at once by this process (each takes minutes and gigabytes); 0: this instance runs no builds. */
  BUILD_CONCURRENCY: z.coerce.number().int().min(0).max(4).default(1),
  /**
   * Addresses a build may fetch a base image from although they are loopback, private or link-local
   * (comma-separated CIDRs, e.g. "127.0.0.1/32,10.0.0.0/8"); by default only public addresses are fetched.
   */
  BUILD_FETCH_ALLOW: cidrList(),
  /**
   * Where builds work (a directory per build, removed when it ends). The image's root, an unprivileged
   * id, must be able to pass through every directory above it: default <tmpdir>/marketplace-build-work.
   */
  BUILD_WORK_DIR: z.string().min(1).optional(),
  /** The longest a base image download may take, in seconds (default an hour); a slower one fails the build. */
  BUILD_FETCH_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3600),
  /** Built images go to this bucket instead of <DATA_DIR>/images (lib/build/s3-url.ts: s3://bucket/prefix or https://host/bucket/prefix). */
  S3_URL: z
    .string()
    .superRefine((value, context) => {
      const parsed = parseS3Url(value);
      if (typeof parsed === "string") context.addIssue({ code: "custom", message: parsed });
    })
    .optional(),
  /** The most a base image download may be, in bytes (default 20 GiB). */
  BUILD_FETCH_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(20 * 1024 ** 3),
  /** Bytes of built images one user may keep (default 50 GiB); a build that would pass it fails, naming the figure. */
  BUILD_USER_QUOTA_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(50 * 1024 ** 3),
  /**
   * The site policy `GET /api/v1/verdict` applies: a file in the original policy.cfg format
   * (lib/entries/site-policy.ts), read and checked at start; without it only the listing's rules hold.
   */
  SITE_POLICY: z
    .string()
    .min(1)
    .optional()
    .transform((file, context): SitePolicy => {
      if (file === undefined) return OPEN_SITE_POLICY;
      try {
        return parseSitePolicy(fs.readFileSync(file, "utf8"));
      } catch (error) {
        const reason =
          error instanceof SitePolicyError ? error.message : `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
        context.addIssue({ code: "custom", message: `the policy file ${file}: ${reason}` });
        return z.NEVER;
      }
    }),
  // The integrity monitor (lib/server/integrity): each current entry's web locations re-fetched and re-hashed.
  /** Hours between two checks of one entry's locations (default a day); 0 turns the monitor off. */
  INTEGRITY_CHECK_HOURS: z.coerce.number().int().min(0).max(8760).default(24),
  /** Addresses the monitor may fetch although they are loopback, private or link-local (CIDRs); by default only public ones. */
  INTEGRITY_FETCH_ALLOW: cidrList(),
  /** Images larger than this (uncompressed bytes) are only checked for their answer and size, never downloaded (default 20 GiB). */
  INTEGRITY_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(20 * 1024 ** 3),
  /** The rate a check downloads at, in bytes per second (default 20 MiB/s), so the monitor never saturates the site's link. */
  INTEGRITY_RATE_BYTES_PER_SECOND: z.coerce
    .number()
    .int()
    .min(1024)
    .default(20 * 1024 ** 2),
  /** Checks run at once by this process (each is a long download); 0: this instance runs no checks. */
  INTEGRITY_CONCURRENCY: z.coerce.number().int().min(0).max(8).default(1),
  /**
   * The service certificate and its unencrypted key (PEM files) that S/MIME-sign the HEPiX image lists
   * (`/exports/hepix/image.list`): both or neither; without them only the unsigned JSON is served.
   */
  HEPIX_SIGNER_CERT: z
    .string()
    .min(1)
    .refine((file) => fs.existsSync(file), { message: "must name an existing PEM file" })
    .optional(),
  HEPIX_SIGNER_KEY: z
    .string()
    .min(1)
    .refine((file) => fs.existsSync(file), { message: "must name an existing PEM file" })
    .optional(),
  /** An armored OpenPGP secret key without a passphrase: clear-signs the Simplestreams (.sjson) and virt-builder (index.asc) exports. */
  GPG_SIGNING_KEY: z
    .string()
    .min(1)
    .refine((file) => fs.existsSync(file), { message: "must name an existing key file" })
    .optional(),
  /** How often subscriptions are looked at for new matching entries, in seconds. */
  SUBSCRIPTIONS_SCAN_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Addresses subscriptions' webhooks may be posted to although they are loopback, private or link-local (CIDRs); by default only public ones. */
  WEBHOOK_FETCH_ALLOW: cidrList(),
  /** The longest a `GET /query` SPARQL query may run, in ms; a longer one is stopped and answered 422. */
  SPARQL_TIMEOUT_MS: z.coerce.number().int().min(50).max(120_000).default(10_000),
  /** The scheduled reminders (reference section 4.10): the daily expiry warning, the monthly endorsement reminder, the certificate warning. */
  REMINDERS: onOff.default("on"),
  /** The expiry warning lists entries whose validity ends within this many days (the original: 3). */
  EXPIRY_WARNING_DAYS: z.coerce.number().int().min(1).max(60).default(3),
  /** A linked certificate is warned about once, this many days before it expires. */
  CERTIFICATE_WARNING_DAYS: z.coerce.number().int().min(1).max(365).default(30),
});

const MAIL_FROM_PATTERN = /^(?:[^<>@]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/;

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "smtp:" || url.protocol === "smtps:") && url.hostname !== "";
  } catch {
    return false;
  }
}

export type Env = Omit<z.infer<typeof envSchema>, "DEMO_DATA" | "UPLOAD_CONFIRMATION" | "MASTER_URL"> & {
  DEMO_DATA: "on" | "off";
  UPLOAD_CONFIRMATION: "on" | "off";
  /** MAIL_FROM, or its default. */
  mailFrom: string;
  dataDir: string;
  trustProxy: TrustProxy;
  /** MASTER_URL's URLs, each with a trailing slash. */
  masterUrls: string[];
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
  if (result.success) problems.push(...accountProblems(result.data));
  if (!result.success || problems.length > 0) throw new Error(`invalid environment:\n${problems.join("\n")}`);
  const data = result.data;
  return {
    ...data,
    DEMO_DATA: data.DEMO_DATA ?? (data.DATABASE_URL ? "off" : "on"),
    UPLOAD_CONFIRMATION: data.UPLOAD_CONFIRMATION ?? (data.NODE_ENV === "production" && data.SMTP_URL ? "on" : "off"),
    dataDir: path.resolve(data.DATA_DIR),
    mailFrom:
      data.MAIL_FROM?.trim() ?? `Appliance Marketplace <marketplace@${data.PUBLIC_URL ? new URL(data.PUBLIC_URL).hostname : "localhost"}>`,
    trustProxy,
    masterUrls: data.MASTER_URL,
  };
}

/** The account settings that only hold together: OIDC all or none, the first admin both or neither, a secret in production. */
function accountProblems(data: z.infer<typeof envSchema>): string[] {
  const problems: string[] = [];
  const oidc = [data.AUTH_OIDC_ISSUER, data.AUTH_OIDC_ID, data.AUTH_OIDC_SECRET].filter((v) => v !== undefined).length;
  if (oidc !== 0 && oidc !== 3)
    problems.push("  AUTH_OIDC_*: set all three of AUTH_OIDC_ISSUER, AUTH_OIDC_ID and AUTH_OIDC_SECRET, or none of them");
  if ((data.ADMIN_EMAIL === undefined) !== (data.ADMIN_PASSWORD === undefined))
    problems.push("  ADMIN_EMAIL, ADMIN_PASSWORD: set both (the first admin account) or neither");
  else if (data.ADMIN_PASSWORD !== undefined) {
    const problem = passwordProblem(data.ADMIN_PASSWORD, data.ADMIN_EMAIL);
    if (problem) problems.push(`  ADMIN_PASSWORD: ${problem}`);
  }
  if ((data.HEPIX_SIGNER_CERT === undefined) !== (data.HEPIX_SIGNER_KEY === undefined))
    problems.push("  HEPIX_SIGNER_CERT, HEPIX_SIGNER_KEY: set both (the service certificate and its key) or neither");
  if (data.MASTER_URL.length > 0 && data.MARKETPLACE_TYPE !== "replica")
    problems.push("  MASTER_URL: only a replica follows a master: set MARKETPLACE_TYPE=replica as well");
  if (data.NODE_ENV === "production" && data.DATABASE_URL && !data.AUTH_SECRET)
    problems.push(
      "  AUTH_SECRET: required in production with DATABASE_URL (it signs the session cookies and every instance must share it): set it to a random string of at least 32 characters, e.g. `openssl rand -base64 33`",
    );
  return problems;
}

export const env: Env = parseEnv(process.env);
