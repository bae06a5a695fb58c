/** The account settings of lib/env.ts: the ones that only hold together, and the secret production needs. */
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";

const OIDC = { AUTH_OIDC_ISSUER: "https://id.example.org/realms/x", AUTH_OIDC_ID: "marketplace", AUTH_OIDC_SECRET: "s3cret" };

describe("account settings", () => {
  it("takes all three AUTH_OIDC_* or none", () => {
    expect(parseEnv({ NODE_ENV: "test", ...OIDC }).AUTH_OIDC_ISSUER).toBe(OIDC.AUTH_OIDC_ISSUER);
    expect(parseEnv({ NODE_ENV: "test" }).AUTH_OIDC_ISSUER).toBeUndefined();
    expect(() => parseEnv({ NODE_ENV: "test", AUTH_OIDC_ISSUER: OIDC.AUTH_OIDC_ISSUER, AUTH_OIDC_ID: "x" })).toThrow(/all three/);
    expect(() => parseEnv({ NODE_ENV: "test", ...OIDC, AUTH_OIDC_ISSUER: "ftp://id.example.org" })).toThrow(/AUTH_OIDC_ISSUER/);
  });

  it("takes ADMIN_EMAIL and ADMIN_PASSWORD together, the password by the policy", () => {
    expect(parseEnv({ NODE_ENV: "test", ADMIN_EMAIL: "root@example.org", ADMIN_PASSWORD: "a long admin phrase" }).ADMIN_EMAIL).toBe(
      "root@example.org",
    );
    expect(() => parseEnv({ NODE_ENV: "test", ADMIN_EMAIL: "root@example.org" })).toThrow(/both/);
    expect(() => parseEnv({ NODE_ENV: "test", ADMIN_PASSWORD: "a long admin phrase" })).toThrow(/both/);
    expect(() => parseEnv({ NODE_ENV: "test", ADMIN_EMAIL: "root@example.org", ADMIN_PASSWORD: "short" })).toThrow(
      /ADMIN_PASSWORD: the password must have at least 10/,
    );
    expect(() => parseEnv({ NODE_ENV: "test", ADMIN_EMAIL: "not-an-email", ADMIN_PASSWORD: "a long admin phrase" })).toThrow(/ADMIN_EMAIL/);
  });

  it("requires AUTH_SECRET in production on PostgreSQL, and only there", () => {
    const pg = { NODE_ENV: "production", DATABASE_URL: "postgres://db.example.org/marketplace" } as const;
    expect(() => parseEnv(pg)).toThrow(/AUTH_SECRET: required in production with DATABASE_URL/);
    expect(parseEnv({ ...pg, AUTH_SECRET: "x".repeat(32) }).AUTH_SECRET).toBe("x".repeat(32));
    expect(parseEnv({ NODE_ENV: "production" }).AUTH_SECRET).toBeUndefined();
    expect(parseEnv({ NODE_ENV: "development", DATABASE_URL: pg.DATABASE_URL }).AUTH_SECRET).toBeUndefined();
    expect(() => parseEnv({ NODE_ENV: "test", AUTH_SECRET: "too short" })).toThrow(/AUTH_SECRET: must have at least 32/);
  });
});
