/**
 * How the CLI ends: one clear line on stderr and a non-zero exit code; the stack only with --verbose.
 * AppError messages are written for people already; anything else is unexpected and says so.
 */
import { AppError } from "@/lib/errors";
import { CertificateError } from "@/lib/metadata/pki/certificate";
import { CredentialsError } from "@/lib/metadata/pki/credentials";
import { CrlError } from "@/lib/metadata/pki/crl";
import { TrustStoreError } from "@/lib/metadata/pki/trust-store";

/** Errors whose message is written for the user by the code that throws them. */
const USER_FACING = [CredentialsError, CertificateError, CrlError, TrustStoreError];

export class UsageError extends Error {}

export function reportError(error: unknown, verbose: boolean): number {
  if (error instanceof UsageError) {
    process.stderr.write(`marketplace: ${error.message}\n`);
    return 2;
  }
  const message =
    AppError.is(error) || isExpected(error) ? (error as Error).message : `unexpected error: ${String((error as Error)?.message ?? error)}`;
  process.stderr.write(`marketplace: ${message}\n`);
  if (AppError.is(error)) {
    for (const p of error.details.problems?.slice(1) ?? []) process.stderr.write(`  ${p.message}\n`);
  }
  if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return 1;
}

/** Our user-facing errors, and those of the file system whose message is already meaningful. */
function isExpected(error: unknown): boolean {
  if (USER_FACING.some((type) => error instanceof type)) return true;
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" && /^(ENOENT|EACCES|EISDIR|ENOTDIR|ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET)$/.test(code);
}
