import { describe, expect, it } from "vitest";
import { hasRole } from "./roles";
import { PASSWORD_MAX, passwordProblem } from "./password-policy";

describe("passwordProblem", () => {
  it.each([
    ["short", /at least 10/],
    ["x".repeat(PASSWORD_MAX + 1), /at most 256/],
    ["aaaaaaaaaaaa", /repeats too few/],
    ["Password123", /most common/],
    ["janetester1", /email address/],
  ])("refuses %j", (password, reason) => {
    expect(passwordProblem(password, "janetester@example.org")).toMatch(reason);
  });

  it.each(["correct horse battery", "janetester-has-a-long-phrase", "Zq8!vR2#pL"])("accepts %j", (password) => {
    expect(passwordProblem(password, "janetester@example.org")).toBeNull();
  });
});

describe("hasRole", () => {
  it("orders user < moderator < admin", () => {
    expect(hasRole("admin", "moderator")).toBe(true);
    expect(hasRole("moderator", "moderator")).toBe(true);
    expect(hasRole("user", "moderator")).toBe(false);
    expect(hasRole("moderator", "admin")).toBe(false);
  });
});
