/**
 * Subscriptions to a listing (issue 12, item 4) through a production server on the run's database: a
 * signed-in user subscribes a saved search by webhook and by email; a new matching upload (and not one
 * that does not match) reaches a webhook receiver this test runs, in an HMAC-SHA256-signed body, and
 * when the receiver first answers 500 the same body comes again; the delivery log shows both attempts;
 * the email subscription's mail arrives; another user sees and deletes none of it; bad input is a 400.
 */
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken, createUser } from "@/db";
import { identifierOf } from "@/db/testing/signed-entries";
import { createdSubscriptionSchema, deliverySchema, webhookBodySchema } from "@/lib/entries/subscription-schemas";
import { eventually } from "../support/eventually";
import { createSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { request, uploadXml } from "./client";
import { freshDatabase, type FreshDatabase } from "./fresh-database";
import type { MarketplaceServer } from "./marketplace-server";
import { signedDocument } from "./signed-documents";

let database: FreshDatabase;
let server: MarketplaceServer;
let sink: SmtpSink;
let receiver: http.Server;
let hookUrl = "";
const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
const tokens = { jane: "", bob: "" };

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      // The first delivery fails: the Marketplace must try again.
      res.writeHead(received.length === 1 ? 500 : 200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/marketplace`;
  sink = await createSmtpSink();
  await sink.start();
  database = await freshDatabase();
  await database.use(async () => {
    const jane = await createUser({ email: "jane@example.org", password: "correct horse battery staple", verified: true });
    const bob = await createUser({ email: "bob@example.org", password: "correct horse battery staple", verified: true });
    tokens.jane = (await createApiToken(jane.id, "subscriptions", null)).token;
    tokens.bob = (await createApiToken(bob.id, "subscriptions", null)).token;
  });
  server = await database.start({
    WEBHOOK_FETCH_ALLOW: "127.0.0.1/32",
    SUBSCRIPTIONS_SCAN_SECONDS: "1",
    JOB_POLL_MS: "50",
    JOB_RETRY_BASE_MS: "100",
    SMTP_URL: sink.url,
    UPLOAD_CONFIRMATION: "off",
    PUBLIC_URL: "http://marketplace.test/",
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await database?.remove();
  await sink?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

const api = (path: string, token: string | undefined, init: RequestInit = {}) =>
  request(`${server.url}/api/v1/subscriptions${path}`, {
    ...init,
    headers: {
      Accept: "application/json",
      "Content-Type": "application/json",
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...init.headers,
    },
  });
const subscribe = (token: string | undefined, body: unknown) => api("", token, { method: "POST", body: JSON.stringify(body) });

let webhook: ReturnType<typeof createdSubscriptionSchema.parse>;

describe("subscriptions", () => {
  it("refuse visitors, cross-site forms and bad input, each with the reason", async () => {
    expect((await subscribe(undefined, { name: "x", channel: "email" })).status).toBe(401);
    const crossSite = await api("", undefined, {
      method: "POST",
      body: "{}",
      headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
    });
    expect(crossSite.status).toBe(403);
    const cases: Array<[unknown, string]> = [
      [{ name: "x", channel: "email", query: "os=Debian&pageSize=5" }, "query: the search's pageSize: not a filter of the listing"],
      [{ name: "x", channel: "webhook" }, "webhookUrl: a webhook subscription needs the URL to post to"],
      [{ name: "x", channel: "webhook", webhookUrl: "ftp://example.org/hook" }, "webhookUrl: must be an http:// or https:// URL"],
      [{ name: "", channel: "email" }, "name: give the subscription a name"],
      [{ name: "x", channel: "sms" }, "channel: must be email or webhook"],
    ];
    for (const [body, message] of cases) {
      const reply = await subscribe(tokens.jane, body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.text).toContain(message);
    }
  });

  it("subscribe a saved search by webhook (the secret shown once) and by email", async () => {
    const made = await subscribe(tokens.jane, {
      name: "Debian images",
      channel: "webhook",
      webhookUrl: hookUrl,
      query: "/metadata?os=Debian",
    });
    expect(made.status).toBe(201);
    webhook = createdSubscriptionSchema.parse(JSON.parse(made.text));
    expect(webhook).toMatchObject({ name: "Debian images", query: "os=Debian", channel: "webhook", webhookUrl: hookUrl });
    expect((await subscribe(tokens.jane, { name: "Debian by mail", channel: "email", query: "os=Debian" })).status).toBe(201);
    const listed = JSON.parse((await api("", tokens.jane)).text) as { items: Array<Record<string, unknown>> };
    expect(listed.items.map((item) => item.name).sort()).toEqual(["Debian by mail", "Debian images"]);
    expect(listed.items.every((item) => !("secret" in item))).toBe(true);
    expect(JSON.parse((await api("", tokens.bob)).text)).toEqual({ items: [] });
  });

  it("post a new matching entry to the webhook, signed, and again after the receiver's 500", async () => {
    expect(
      (
        await uploadXml(
          server.url,
          await signedDocument({ image: "debian image", created: "2026-01-01T00:00:00Z", os: "Debian", osVersion: "12" }),
        )
      ).status,
    ).toBe(201);
    expect((await uploadXml(server.url, await signedDocument({ image: "ubuntu image", created: "2026-01-01T00:00:00Z" }))).status).toBe(
      201,
    );
    await eventually(() => received.length >= 2, "the delivery and its retry");
    const [first, second] = received;
    expect(second!.body).toBe(first!.body);
    expect(second!.headers["x-marketplace-delivery"]).toBe(first!.headers["x-marketplace-delivery"]);
    for (const delivery of [first!, second!]) {
      expect(delivery.headers["content-type"]).toBe("application/json");
      expect(delivery.headers["x-marketplace-event"]).toBe("entries.new");
      expect(delivery.headers["x-marketplace-signature"]).toBe(
        `sha256=${createHmac("sha256", webhook.secret).update(delivery.body).digest("hex")}`,
      );
    }
    const body = webhookBodySchema.parse(JSON.parse(first!.body));
    expect(body.subscription).toEqual({ id: webhook.id, name: "Debian images", query: "os=Debian" });
    expect(body.entries.map((entry) => entry.identifier)).toEqual([identifierOf("debian image")]);
  });

  it("keep a delivery log of every attempt, for their owner only", async () => {
    await eventually(
      async () => (JSON.parse((await api(`/${webhook.id}/deliveries`, tokens.jane)).text) as { items: unknown[] }).items.length >= 2,
      "both attempts in the log",
    );
    const log = (JSON.parse((await api(`/${webhook.id}/deliveries`, tokens.jane)).text) as { items: unknown[] }).items.map((item) =>
      deliverySchema.parse(item),
    );
    expect(log.map((item) => [item.attempt, item.ok, item.httpStatus, item.detail, item.entries])).toEqual([
      [2, true, 200, "delivered", 1],
      [1, false, 500, "the receiver answered 500", 1],
    ]);
    expect((await api(`/${webhook.id}/deliveries`, tokens.bob)).status).toBe(404);
    expect((await api(`/${webhook.id}`, tokens.bob, { method: "DELETE" })).status).toBe(404);
  });

  it("mail the email subscription's owner the new entries", async () => {
    const message = await sink.waitFor("jane@example.org", /Debian by mail/, 30_000);
    expect(message.text).toContain(`http://marketplace.test/metadata/${identifierOf("debian image")}/`);
    expect(message.text).not.toContain(identifierOf("ubuntu image"));
  });

  it("are deleted by their owner", async () => {
    expect((await api(`/${webhook.id}`, tokens.jane, { method: "DELETE" })).status).toBe(204);
    expect((JSON.parse((await api("", tokens.jane)).text) as { items: Array<{ name: string }> }).items.map((item) => item.name)).toEqual([
      "Debian by mail",
    ]);
  });
});
