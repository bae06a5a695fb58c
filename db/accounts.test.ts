/** The accounts foundation on both databases: accounts, tokens, the append-only audit log, jobs and mail queueing. */
import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import {
  checkPassword,
  createApiToken,
  createUser,
  enqueueJob,
  listApiTokens,
  listAudit,
  queueMail,
  recordAudit,
  revokeApiToken,
  userForToken,
} from ".";
import { apiTokens, jobs, outbox, users } from "./schema";
import { setupTestDb } from "./testing/test-db";

const t = setupTestDb();
beforeEach(() => t.reset());

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("accounts", () => {
  it("stores the email lowercased, hashes the password with argon2id, and refuses a taken email", async () => {
    const user = await createUser({ email: "  Jane.Tester@Example.ORG ", password: "a long enough phrase" });
    expect(user.email).toBe("jane.tester@example.org");
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.role).toBe("user");
    const taken = await refusal(createUser({ email: "jane.tester@example.org", password: "another long phrase" }));
    expect(taken.status).toBe(409);
  });

  it("checks passwords, refusing a wrong one, an unknown email and a disabled account", async () => {
    const user = await createUser({ email: "jane@example.org", password: "a long enough phrase" });
    expect((await checkPassword("JANE@example.org", "a long enough phrase"))?.id).toBe(user.id);
    expect(await checkPassword("jane@example.org", "a long enough phrasE")).toBeNull();
    expect(await checkPassword("nobody@example.org", "a long enough phrase")).toBeNull();
    await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
    expect(await checkPassword("jane@example.org", "a long enough phrase")).toBeNull();
  });
});

describe("API tokens", () => {
  it("stores only a hash, finds the account, and refuses revoked, expired, unknown and malformed tokens", async () => {
    const user = await createUser({ email: "jane@example.org", password: "a long enough phrase" });
    const { token, summary } = await createApiToken(user.id, "laptop", null);
    expect(token).toMatch(/^mkt_[A-Za-z0-9_-]{43}$/);
    const [row] = await t.db.select().from(apiTokens).where(eq(apiTokens.id, summary.id));
    expect(JSON.stringify(row)).not.toContain(token);
    expect((await userForToken(token)).user.id).toBe(user.id);

    expect((await refusal(userForToken("mkt_" + "A".repeat(43)))).message).toMatch(/unknown/);
    expect((await refusal(userForToken("Bearer nonsense"))).status).toBe(401);

    const expired = await createApiToken(user.id, "old", new Date(Date.now() - 1000));
    expect((await refusal(userForToken(expired.token))).message).toMatch(/expired/);

    await revokeApiToken(user.id, summary.id);
    expect((await refusal(userForToken(token))).message).toMatch(/revoked/);
  });

  it("lists and revokes only the owner's tokens", async () => {
    const jane = await createUser({ email: "jane@example.org" });
    const john = await createUser({ email: "john@example.org" });
    const janes = await createApiToken(jane.id, "jane's", null);
    await createApiToken(john.id, "john's", null);
    expect((await listApiTokens(jane.id)).map((s) => s.name)).toEqual(["jane's"]);
    expect((await refusal(revokeApiToken(john.id, janes.summary.id))).status).toBe(404);
    expect((await userForToken(janes.token)).user.id).toBe(jane.id);
  });
});

describe("audit log", () => {
  it("records lines newest first, filters by the account concerned, and refuses updates and deletes", async () => {
    const jane = await createUser({ email: "jane@example.org" });
    await recordAudit({ action: "sign-up", actor: { userId: jane.id, email: jane.email }, targetUserId: jane.id });
    await recordAudit({ action: "sign-in-failed", actor: "visitor", target: "john@example.org", address: "127.0.0.1" });
    expect((await listAudit()).map((l) => l.action)).toEqual(["sign-in-failed", "sign-up"]);
    expect((await listAudit({ targetUserId: jane.id })).map((l) => l.action)).toEqual(["sign-up"]);
    // drizzle wraps the database's error: the trigger's message is the cause's.
    const refused = (statement: Promise<unknown>) =>
      expect(statement).rejects.toMatchObject({ cause: { message: "audit_log is append-only" } });
    await refused(t.db.execute(sql`update audit_log set action = 'sign-in'`));
    await refused(t.db.execute(sql`delete from audit_log`));
    expect(await listAudit()).toHaveLength(2);
  });
});

describe("jobs and mail", () => {
  it("creates a scheduled job once per unique key", async () => {
    expect(await enqueueJob({ kind: "expiry-warning", uniqueKey: "expiry-warning:2026-12-01" })).toBeTypeOf("number");
    expect(await enqueueJob({ kind: "expiry-warning", uniqueKey: "expiry-warning:2026-12-01" })).toBeNull();
    expect(await t.db.select().from(jobs)).toHaveLength(1);
  });

  it("queues a message with the job that delivers it, in the caller's transaction", async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await queueMail({ to: "jane@example.org", subject: "Hello", text: "Body", kind: "test" }, tx);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await t.db.select().from(outbox)).toHaveLength(0);
    const id = await queueMail({ to: "jane@example.org", subject: "Hello", text: "Body", kind: "test" });
    const [job] = await t.db.select().from(jobs);
    expect(job).toMatchObject({ kind: "mail", payload: { outboxId: id }, status: "queued" });
  });
});

describe("one's own audit lines", () => {
  it("are those the account did or that concern it, never another account's", async () => {
    const jane = await createUser({ email: "jane@example.org" });
    const john = await createUser({ email: "john@example.org" });
    await recordAudit({ action: "token-created", actor: { userId: jane.id, email: jane.email }, targetUserId: jane.id });
    await recordAudit({ action: "role-changed", actor: { userId: john.id, email: john.email }, targetUserId: jane.id });
    await recordAudit({ action: "sign-in", actor: { userId: john.id, email: john.email }, targetUserId: john.id });
    await recordAudit({ action: "entry-hidden", actor: { userId: jane.id, email: jane.email }, targetUserId: null });
    expect((await listAudit({ concerning: jane.id })).map((l) => l.action)).toEqual(["entry-hidden", "role-changed", "token-created"]);
    expect((await listAudit({ concerning: john.id })).map((l) => l.action)).toEqual(["sign-in", "role-changed"]);
  });
});
