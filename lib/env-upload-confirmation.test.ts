import { describe, expect, it } from "vitest";
import { parseEnv as parseProcessEnv } from "./env";

const parseEnv = (vars: Record<string, string>) => parseProcessEnv(vars as NodeJS.ProcessEnv);

describe("UPLOAD_CONFIRMATION and UPLOAD_CONFIRMATION_DAYS", () => {
  it("default to on in production with SMTP, off otherwise, and honour an explicit value", () => {
    expect(parseEnv({ NODE_ENV: "production", SMTP_URL: "smtp://127.0.0.1:2525" }).UPLOAD_CONFIRMATION).toBe("on");
    expect(parseEnv({ NODE_ENV: "production" }).UPLOAD_CONFIRMATION).toBe("off");
    expect(parseEnv({ NODE_ENV: "development", SMTP_URL: "smtp://127.0.0.1:2525" }).UPLOAD_CONFIRMATION).toBe("off");
    expect(parseEnv({ NODE_ENV: "production", SMTP_URL: "smtps://mail.example.org", UPLOAD_CONFIRMATION: "off" }).UPLOAD_CONFIRMATION).toBe(
      "off",
    );
    expect(parseEnv({ UPLOAD_CONFIRMATION: "on" }).UPLOAD_CONFIRMATION).toBe("on");
  });

  it("keep the links 7 days unless told, and refuse what cannot be honoured", () => {
    expect(parseEnv({}).UPLOAD_CONFIRMATION_DAYS).toBe(7);
    expect(parseEnv({ UPLOAD_CONFIRMATION_DAYS: "30" }).UPLOAD_CONFIRMATION_DAYS).toBe(30);
    expect(() => parseEnv({ UPLOAD_CONFIRMATION_DAYS: "0" })).toThrow(/UPLOAD_CONFIRMATION_DAYS/);
    expect(() => parseEnv({ UPLOAD_CONFIRMATION_DAYS: "a week" })).toThrow(/UPLOAD_CONFIRMATION_DAYS/);
    expect(() => parseEnv({ UPLOAD_CONFIRMATION: "yes" })).toThrow(/UPLOAD_CONFIRMATION: must be "on" or "off"/);
    expect(() => parseEnv({ SMTP_URL: "mail.example.org" })).toThrow(/SMTP_URL/);
  });
});
