/**
 * The PostgreSQL server goes away under a running Marketplace (issue 6, item 6): pages, the APIs and
 * uploads answer 503 with Retry-After (never 500), and nothing is reported stored that is not.
 * PostgreSQL only: the embedded database lives and dies with the server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { startPostgresServer, type PostgresServer } from "@/db/testing/postgres-server";
import { request, uploadXml } from "./client";
import { startMarketplace, type MarketplaceServer } from "./marketplace-server";
import { signedDocument } from "./signed-documents";

describe.runIf(process.env.TEST_DATABASE === "postgres")("during a PostgreSQL outage", () => {
  let postgres: PostgresServer;
  let server: MarketplaceServer;
  let later: string;
  let key: string;
  beforeAll(async () => {
    const first = await signedDocument({ image: "outage", created: "2026-05-01T00:00:00Z" });
    later = await signedDocument({ image: "outage", created: "2026-06-01T00:00:00Z" });
    key = `${/<dcterms:identifier>([^<]+)/.exec(first)![1]}/jane.tester@example.org/2026-05-01T00:00:00Z`;
    postgres = await startPostgresServer();
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    await client.query("create database outage");
    await client.end();
    const url = new URL(postgres.url);
    url.pathname = "/outage";
    server = await startMarketplace({ DATABASE_URL: url.toString() });
    expect((await uploadXml(server.url, first)).status).toBe(201);
    await postgres.stop();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await postgres?.stop();
  });

  it("answers pages with 503 and Retry-After", async () => {
    for (const path of ["/metadata", `/metadata/${key}`, "/endorsers", "/endorsers/jane.tester@example.org"]) {
      const reply = await request(`${server.url}${path}`, { headers: { Accept: "text/html" } });
      expect(reply.status, path).toBe(503);
      expect(reply.headers.get("retry-after"), path).toMatch(/^\d+$/);
    }
  });

  it("answers the APIs and the original protocol with 503 and Retry-After", async () => {
    for (const path of ["/api/v1/entries", `/api/v1/entries/${key}`, "/metadata", `/metadata/${key}`, "/endorsers", "/api/v1/facets"]) {
      const reply = await request(`${server.url}${path}`);
      expect(reply.status, path).toBe(503);
      expect(reply.headers.get("retry-after"), path).toMatch(/^\d+$/);
    }
  });

  it("answers an upload with 503, not as stored", async () => {
    const reply = await uploadXml(server.url, later);
    expect(reply.status).toBe(503);
    expect(reply.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("keeps answering its health check", async () => {
    expect((await request(`${server.url}/api/health`)).status).toBe(200);
  });
});
