/** The mail and job-queue settings of lib/env.ts: SMTP_URL, MAIL_FROM and its default, the job intervals. */
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";

const parse = (values: Record<string, string>) => parseEnv({ NODE_ENV: "test", ...values });

describe("SMTP_URL", () => {
  it.each(["smtp://mail.example.org", "smtp://user:p%40ss@mail.example.org:587", "smtps://user:secret@mail.example.org:465"])(
    "accepts %s",
    (url) => expect(parse({ SMTP_URL: url }).SMTP_URL).toBe(url),
  );

  it.each(["mail.example.org:25", "http://mail.example.org", "smtp://", "smtp:///nohost", "not a url"])("refuses %s", (url) => {
    expect(() => parse({ SMTP_URL: url })).toThrow(/SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
  });

  it("is optional: without it mail goes to .eml files", () => {
    expect(parse({}).SMTP_URL).toBeUndefined();
  });
});

describe("MAIL_FROM", () => {
  it("defaults to the Marketplace at PUBLIC_URL's host, else localhost", () => {
    expect(parse({}).mailFrom).toBe("Appliance Marketplace <marketplace@localhost>");
    expect(parse({ PUBLIC_URL: "https://marketplace.example.org/base/" }).mailFrom).toBe(
      "Appliance Marketplace <marketplace@marketplace.example.org>",
    );
  });

  it.each(["noreply@example.org", "Example Marketplace <noreply@example.org>"])("accepts %s", (from) => {
    expect(parse({ MAIL_FROM: from }).mailFrom).toBe(from);
  });

  it.each(["noreply", "Name <noreply>", "a@b@c", "<a@b> extra"])("refuses %s", (from) => {
    expect(() => parse({ MAIL_FROM: from })).toThrow(/MAIL_FROM/);
  });
});

describe("the job settings", () => {
  it("have defaults", () => {
    expect(parse({})).toMatchObject({
      JOB_POLL_MS: 1000,
      JOB_CONCURRENCY: 2,
      JOB_LEASE_SECONDS: 60,
      REMINDERS: "on",
      EXPIRY_WARNING_DAYS: 3,
    });
  });

  it.each([
    ["JOB_POLL_MS", "5"],
    ["JOB_POLL_MS", "fast"],
    ["JOB_CONCURRENCY", "-1"],
    ["JOB_LEASE_SECONDS", "0"],
    ["REMINDERS", "yes"],
    ["EXPIRY_WARNING_DAYS", "0"],
  ])("refuse %s=%s", (name, value) => {
    expect(() => parse({ [name]: value })).toThrow(new RegExp(name));
  });
});
