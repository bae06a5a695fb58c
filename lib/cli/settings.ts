/**
 * Option precedence of the original client (reference section 6): command line, then the environment
 * variable STRATUSLAB_<KEY>, then the default.
 */
import os from "node:os";
import path from "node:path";

export function fromEnv(key: string): string | undefined {
  const value = process.env[`STRATUSLAB_${key.toUpperCase()}`];
  return value === undefined || value === "" ? undefined : value;
}

/** The original defaulted to https://marketplace.stratuslab.eu, which no longer exists. */
export const DEFAULT_ENDPOINT = "http://localhost:3000";

export function resolveEndpoint(option: string | undefined): string {
  const endpoint = option ?? fromEnv("marketplace_endpoint") ?? DEFAULT_ENDPOINT;
  return endpoint.replace(/\/+$/, "");
}

export function defaultP12(): string {
  return fromEnv("p12_certificate") ?? path.join(os.homedir(), ".globus", "usercert.p12");
}
