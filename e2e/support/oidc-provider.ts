/**
 * A real OpenID Connect provider on 127.0.0.1 for tests (panva's `oidc-provider`, certified), with
 * its development sign-in pages: any login name and password sign in, and the login name is the
 * account (an address with "@" is also its verified email). One confidential client, as a research
 * infrastructure's identity provider would register the Marketplace.
 */
import http from "node:http";
import Provider from "oidc-provider";
import { freePort } from "@/db/testing/postgres-server";

export interface OidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Starts serving, accepting sign-ins back to `redirectUri` only. */
  start(redirectUri: string): Promise<void>;
  stop(): Promise<void>;
}

/** The issuer's address is fixed before it serves, so the Marketplace can be started with it first. */
export async function createOidcProvider(): Promise<OidcProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = "marketplace-e2e";
  const clientSecret = "e2e-client-secret-0123456789abcdef";
  let server: http.Server | undefined;
  return {
    issuer,
    clientId,
    clientSecret,
    start: async (redirectUri) => {
      const provider = new Provider(issuer, {
        clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], grant_types: ["authorization_code"] }],
        pkce: { required: () => true },
        claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
        findAccount: (_ctx, sub) => ({
          accountId: sub,
          claims: () => ({ sub, ...(sub.includes("@") ? { email: sub, email_verified: true } : {}), name: `Person ${sub.split("@")[0]}` }),
        }),
        features: { devInteractions: { enabled: true } },
        cookies: { keys: ["e2e-cookie-key-0123456789abcdef"] },
      });
      server = http.createServer(provider.callback());
      await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));
    },
    stop: () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  };
}
