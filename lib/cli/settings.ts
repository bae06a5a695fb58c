/**
 * Option precedence of the original client (reference section 6): the command line, then the
 * environment variable STRATUSLAB_<KEY>, then the key in the user's config file
 * (~/.stratuslab/stratuslab-user.cfg, or --config FILE), then the default.
 *
 * The Marketplace endpoint's default follows the server the user starts: the same PUBLIC_URL and PORT
 * that `npm start` reads, so `PORT=4000 npm start` and `PORT=4000 marketplace upload-metadata ...` in
 * one shell find each other; without either, http://localhost:3000 (npm start's default).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { UsageError } from "./cli-error";
import { readConfigFile, type ConfigValues } from "./config-file";
import { userPath } from "./user-paths";

/** The original defaulted to https://marketplace.stratuslab.eu, which no longer exists. */
export const DEFAULT_ENDPOINT = "http://localhost:3000";

export function defaultConfigFile(): string {
  return path.join(os.homedir(), ".stratuslab", "stratuslab-user.cfg");
}

let configFile: { path: string; required: boolean } | undefined;
let config: ConfigValues | undefined;

/** `--config FILE`: that file must exist; without it the default file is read when present. */
export function useConfigFile(file: string | undefined): void {
  configFile = file === undefined ? undefined : { path: userPath(file), required: true };
  config = undefined;
}

function configValues(): ConfigValues {
  if (config) return config;
  const file = configFile ?? { path: defaultConfigFile(), required: false };
  if (!fs.existsSync(file.path)) {
    if (file.required) throw new UsageError(`config file not found: ${file.path}`);
    return (config = { file: file.path, values: new Map() });
  }
  return (config = readConfigFile(file.path));
}

export interface Setting {
  value: string;
  /** Where the value came from, in words, for messages ("$STRATUSLAB_MARKETPLACE_ENDPOINT"). */
  source: string;
}

/** A setting from the environment or the config file; the command line is the caller's. */
export function lookupSetting(key: string): Setting | undefined {
  const name = `STRATUSLAB_${key.toUpperCase()}`;
  const fromEnvironment = process.env[name];
  if (fromEnvironment !== undefined && fromEnvironment !== "") return { value: fromEnvironment, source: `$${name}` };
  const values = configValues();
  const fromFile = values.values.get(key.toLowerCase());
  return fromFile === undefined || fromFile === "" ? undefined : { value: fromFile, source: `${key} in ${values.file}` };
}

export function setting(key: string): string | undefined {
  return lookupSetting(key)?.value;
}

export interface Endpoint {
  /** No trailing slash. */
  url: string;
  source: string;
}

export function resolveEndpoint(option: string | undefined): Endpoint {
  const chosen: Setting =
    option !== undefined ? { value: option, source: "--marketplace-endpoint" } : (lookupSetting("marketplace_endpoint") ?? serverDefault());
  let url: URL;
  try {
    url = new URL(chosen.value);
  } catch {
    throw new UsageError(`the Marketplace endpoint is not a URL: ${chosen.value} (from ${chosen.source})`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`the Marketplace endpoint must be an http:// or https:// URL, not ${chosen.value} (from ${chosen.source})`);
  }
  return { url: chosen.value.replace(/\/+$/, ""), source: chosen.source };
}

/** What `npm start` serves in this environment: PUBLIC_URL, else localhost on PORT (default 3000). */
function serverDefault(): Setting {
  const publicUrl = process.env.PUBLIC_URL;
  if (publicUrl) return { value: publicUrl, source: "the default ($PUBLIC_URL)" };
  const port = process.env.PORT;
  if (port) return { value: `http://localhost:${port}`, source: "the default (http://localhost:$PORT)" };
  return { value: DEFAULT_ENDPOINT, source: "the default" };
}

export function defaultP12(): string {
  const configured = setting("p12_certificate");
  return configured === undefined ? path.join(os.homedir(), ".globus", "usercert.p12") : userPath(configured);
}
