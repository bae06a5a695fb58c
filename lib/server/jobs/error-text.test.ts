import { describe, expect, it } from "vitest";
import { errorText } from "./error-text";

describe("errorText", () => {
  it("keeps the message and removes URL credentials and the given secrets", () => {
    expect(errorText(new Error("connect ECONNREFUSED 127.0.0.1:2525"))).toBe("connect ECONNREFUSED 127.0.0.1:2525");
    expect(errorText(new Error("cannot reach smtp://mailer:hunter22@mail.example.org:587"))).toBe(
      "cannot reach smtp://***@mail.example.org:587",
    );
    expect(errorText(new Error("535 rejected password hunter22"), ["hunter22"])).toBe("535 rejected password ***");
    expect(errorText("plain")).toBe("plain");
    expect(errorText(new Error("x".repeat(5000)))).toHaveLength(2000);
  });
});
