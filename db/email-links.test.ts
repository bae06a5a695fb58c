import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import {
  checkPassword,
  consumeEmailLink,
  createEmailLink,
  createUser,
  getUserById,
  markEmailVerified,
  peekEmailLink,
  setPassword,
} from ".";
import { emailLinks } from "./schema";
import { setupTestDb } from "./testing/test-db";

const t = setupTestDb();
beforeEach(() => t.reset());

const HOUR = 60 * 60 * 1000;

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("mailed links", () => {
  it("work once, and only for their purpose; only the hash is stored", async () => {
    const user = await createUser({ email: "Ada@Example.org", password: "correct horse battery" });
    const token = await createEmailLink({ purpose: "verify-account", userId: user.id, email: user.email, ttlMs: HOUR });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = await t.db.select().from(emailLinks);
    expect(row!.tokenHash).not.toContain(token);
    expect(await peekEmailLink("verify-account", token)).toBe("ok");
    expect((await refusal(consumeEmailLink("reset-password", token))).status).toBe(404);
    expect((await consumeEmailLink("verify-account", token)).userId).toBe(user.id);
    const again = await refusal(consumeEmailLink("verify-account", token));
    expect([again.status, again.message]).toEqual([410, expect.stringContaining("used already")]);
    expect(await peekEmailLink("verify-account", token)).toBe("used");
  });

  it("expire", async () => {
    const user = await createUser({ email: "bob@example.org" });
    const token = await createEmailLink({ purpose: "reset-password", userId: user.id, email: user.email, ttlMs: HOUR });
    await t.db
      .update(emailLinks)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(emailLinks.userId, user.id));
    expect(await peekEmailLink("reset-password", token)).toBe("expired");
    const error = await refusal(consumeEmailLink("reset-password", token));
    expect([error.status, error.message]).toEqual([410, expect.stringContaining("expired")]);
  });

  it("answer 404 for a token never issued or malformed", async () => {
    expect((await refusal(consumeEmailLink("verify-account", "A".repeat(43)))).status).toBe(404);
    expect((await refusal(consumeEmailLink("verify-account", "../x"))).status).toBe(404);
    expect(await peekEmailLink("verify-account", "nope")).toBe("unknown");
  });

  it("let only one of two simultaneous uses succeed", async () => {
    const user = await createUser({ email: "carol@example.org" });
    const token = await createEmailLink({ purpose: "verify-account", userId: user.id, email: user.email, ttlMs: HOUR });
    const results = await Promise.allSettled([consumeEmailLink("verify-account", token), consumeEmailLink("verify-account", token)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });
});

describe("account changes", () => {
  it("a new password replaces the old one and bumps the session version", async () => {
    const user = await createUser({ email: "dan@example.org", password: "the first long phrase" });
    await setPassword(user.id, "the second long phrase");
    expect(await checkPassword("dan@example.org", "the first long phrase")).toBeNull();
    expect((await checkPassword("dan@example.org", "the second long phrase"))?.id).toBe(user.id);
    expect((await getUserById(user.id))!.sessionVersion).toBe(user.sessionVersion + 1);
  });

  it("verification sets the date once", async () => {
    const user = await createUser({ email: "eve@example.org" });
    await markEmailVerified(user.id);
    const first = (await getUserById(user.id))!.emailVerified;
    expect(first).toBeInstanceOf(Date);
    await markEmailVerified(user.id);
    expect((await getUserById(user.id))!.emailVerified).toEqual(first);
  });
});
