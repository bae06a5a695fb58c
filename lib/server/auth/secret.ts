import "server-only";
/**
 * The secret that signs session cookies: AUTH_SECRET, else (the embedded default, or development on
 * PostgreSQL) one generated once into <DATA_DIR>/auth-secret, mode 0600, and reused by every later
 * start so sessions survive a restart. lib/env.ts refuses production on PostgreSQL without it.
 * Never logged.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

let cached: string | undefined;

export function authSecretFile(): string {
  return path.join(env.dataDir, "auth-secret");
}

export function authSecret(): string {
  if (cached) return cached;
  if (env.AUTH_SECRET) return (cached = env.AUTH_SECRET);
  const file = authSecretFile();
  try {
    const existing = fs.readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return (cached = existing);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(33).toString("base64url");
  try {
    // "wx": two starts at once cannot both write; the loser reads the winner's.
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
    logger.info("generated the session secret", { file, keep: "set AUTH_SECRET to choose it yourself" });
    return (cached = secret);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return (cached = fs.readFileSync(file, "utf8").trim());
  }
}
