/**
 * `marketplace login` and `logout`, as `vagrant cloud auth login` has them: the email and password are
 * exchanged once for a named API token (POST /api/v1/tokens), which is stored for the endpoint
 * (lib/cli/api-token.ts) and sent by upload-metadata and deprecate-metadata. The token is never printed.
 */
import os from "node:os";
import { Command, InvalidArgumentError } from "commander";
import { TOKEN_EXPIRY_MAX_DAYS } from "@/lib/accounts/token-schemas";
import { UsageError } from "../cli-error";
import { credentialsFile, readStoredTokens, removeToken, resolveToken, storeToken } from "../api-token";
import { ask, canPrompt, readStdinSecret } from "../prompt";
import { resolveEndpoint } from "../settings";
import { createTokenWithPassword, listTokens, revokeToken } from "../token-client";
import { endpointOption, tokenOption } from "./shared-options";

export interface LoginOptions {
  marketplaceEndpoint?: string;
  email?: string;
  passwordStdin?: boolean;
  name: string;
  expiresInDays?: number;
}

export function defaultTokenName(): string {
  return `cli on ${os.hostname()}`.slice(0, 100);
}

export function parseDays(value: string): number {
  const days = Number(value);
  if (!/^\d+$/.test(value) || days < 1 || days > TOKEN_EXPIRY_MAX_DAYS) {
    throw new InvalidArgumentError(`a whole number of days from 1 to ${TOKEN_EXPIRY_MAX_DAYS}`);
  }
  return days;
}

export function registerLogin(program: Command): void {
  endpointOption(
    program
      .command("login")
      .description("Log in to a Marketplace: exchanges your email and password for an API token stored in your config directory.")
      .option("--email <address>", "your account's email (default: prompted)")
      .option("--password-stdin", "read the password from stdin (for scripts) instead of prompting")
      .option("--name <name>", "the token's name, as your account page lists it", defaultTokenName())
      .option("--expires-in-days <days>", "the token stops working after this many days (default: never)", parseDays),
  ).action(async (options: LoginOptions) => {
    const endpoint = resolveEndpoint(options.marketplaceEndpoint);
    if (!options.passwordStdin && !canPrompt()) {
      throw new UsageError("no terminal to ask for your password: use --email and --password-stdin");
    }
    const email = options.email ?? (canPrompt() && !options.passwordStdin ? (await ask("Email: ")).trim() : undefined);
    if (!email) throw new UsageError("--email is required with --password-stdin");
    const password = options.passwordStdin ? await readStdinSecret("password") : await ask("Password: ", true);
    const created = await createTokenWithPassword(endpoint, {
      email,
      password,
      name: options.name,
      ...(options.expiresInDays ? { expiresInDays: options.expiresInDays } : {}),
    });
    storeToken(endpoint.url, created.token);
    const expiry = created.expiresAt ? `, expires ${created.expiresAt.replace(/\.\d+Z$/, "Z")}` : "";
    process.stdout.write(
      `Logged in to ${endpoint.url} as ${created.user.name ? `${created.user.name} <${created.user.email}>` : created.user.email}\n` +
        `Token "${created.name}" (${created.prefix}…${expiry}) stored in ${credentialsFile()}\n`,
    );
  });
}

export function registerLogout(program: Command): void {
  tokenOption(
    endpointOption(
      program
        .command("logout")
        .description("Revoke the stored API token of a Marketplace and forget it.")
        .option("--keep-token", "only forget the stored token, do not revoke it on the server"),
    ),
  ).action(async (options: { marketplaceEndpoint?: string; token?: string; keepToken?: boolean }) => {
    const endpoint = resolveEndpoint(options.marketplaceEndpoint);
    const token = resolveToken(options.token, endpoint.url);
    if (!token) {
      process.stdout.write(`Not logged in to ${endpoint.url} (no token in ${credentialsFile()})\n`);
      return;
    }
    let done = "Forgot";
    if (!options.keepToken) {
      done = "Revoked";
      const { tokens } = await listTokens(endpoint, token).catch((error: unknown) => {
        // A stored token the server no longer takes (revoked, expired): forget it all the same.
        if ((error as { code?: string }).code === "unauthorized" && token.source === credentialsFile()) {
          done = "The server no longer accepted; forgot";
          return { tokens: [] };
        }
        throw error;
      });
      const current = tokens.find((t) => t.current);
      if (current) await revokeToken(endpoint, token, current.id);
    }
    const removed = readStoredTokens()[endpoint.url] === token.token && removeToken(endpoint.url);
    process.stdout.write(`${done} the token for ${endpoint.url}${removed ? `, removed from ${credentialsFile()}` : ""}\n`);
  });
}
