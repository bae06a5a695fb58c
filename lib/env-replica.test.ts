/** MARKETPLACE_TYPE, MASTER_URL and REPLICA_SYNC_SECONDS of lib/env.ts: what a replica follows, checked at start. */
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";

const parse = (values: Record<string, string>) => parseEnv({ NODE_ENV: "test", ...values });

describe("a replica's masters", () => {
  it("are none by default", () => {
    expect(parse({}).masterUrls).toEqual([]);
    expect(parse({}).REPLICA_SYNC_SECONDS).toBe(300);
  });

  it("are a comma-separated list of base URLs, each with one trailing slash, duplicates once", () => {
    const env = parse({
      MARKETPLACE_TYPE: "replica",
      MASTER_URL: " https://marketplace.example.org , http://10.0.0.5:3000/mp/,https://marketplace.example.org/",
    });
    expect(env.masterUrls).toEqual(["https://marketplace.example.org/", "http://10.0.0.5:3000/mp/"]);
  });

  it("stop the start when a URL is not one, or when the server is not a replica", () => {
    expect(() => parse({ MARKETPLACE_TYPE: "replica", MASTER_URL: "marketplace.example.org" })).toThrow(
      /MASTER_URL: "marketplace.example.org" is not a URL/,
    );
    expect(() => parse({ MARKETPLACE_TYPE: "replica", MASTER_URL: "ftp://example.org/" })).toThrow(
      /must be an http:\/\/ or https:\/\/ URL/,
    );
    expect(() => parse({ MARKETPLACE_TYPE: "replica", MASTER_URL: "https://u:p@example.org/" })).toThrow(/without credentials/);
    expect(() => parse({ MASTER_URL: "https://marketplace.example.org/" })).toThrow(
      /only a replica follows a master: set MARKETPLACE_TYPE=replica/,
    );
    expect(() => parse({ MARKETPLACE_TYPE: "replica", REPLICA_SYNC_SECONDS: "0" })).toThrow(/REPLICA_SYNC_SECONDS/);
  });
});
