import { describe, expect, it } from "vitest";
import { firstProblem, signInForm, signUpForm } from "./account-forms";

describe("the sign-up form", () => {
  it("accepts an email, a name and a good password, and lowercases the email", () => {
    const form = signUpForm.parse({ email: " Ada@Example.ORG ", name: "Ada", password: "correct horse battery" });
    expect(form).toEqual({ email: "ada@example.org", name: "Ada", password: "correct horse battery" });
  });

  it("names a weak password's problem", () => {
    const result = signUpForm.safeParse({ email: "ada@example.org", password: "short" });
    expect(result.success).toBe(false);
    expect(firstProblem(result.error!)).toEqual({ field: "password", message: "the password must have at least 10 characters" });
  });

  it("refuses what is not an email", () => {
    const result = signUpForm.safeParse({ email: "not an email", password: "correct horse battery" });
    expect(firstProblem(result.error!).field).toBe("email");
  });

  it("refuses control characters in the name", () => {
    expect(signUpForm.safeParse({ email: "a@example.org", name: "a\u0000b", password: "correct horse battery" }).success).toBe(false);
  });
});

describe("the sign-in form", () => {
  it("bounds the password but does not apply the policy", () => {
    expect(signInForm.safeParse({ email: "a@example.org", password: "x" }).success).toBe(true);
    expect(signInForm.safeParse({ email: "a@example.org", password: "x".repeat(257) }).success).toBe(false);
  });
});
