import { describe, expect, it } from "vitest";
import { integrityFailureText, integrityJobKeys, onReservedName } from "./integrity-jobs";

describe("the integrity monitor's schedule and mail", () => {
  it("sweeps once an hour, and not at all when INTEGRITY_CHECK_HOURS is 0", () => {
    const now = new Date("2026-12-04T19:42:10Z");
    expect(integrityJobKeys(now, 24)).toEqual([
      { kind: "integrity-sweep", uniqueKey: "integrity-sweep:2026-12-04T19", period: "2026-12-04T19" },
    ]);
    expect(integrityJobKeys(now, 0)).toEqual([]);
  });

  it("never fetches names reserved for examples and tests (RFC 2606, RFC 6761)", () => {
    for (const url of [
      "https://images.demo.example.org/a.img",
      "http://example.com/x",
      "https://a.test/x",
      "https://b.invalid./x",
      "http://example/x",
    ])
      expect(onReservedName(url), url).toBe(true);
    for (const url of [
      "https://cloud-images.ubuntu.com/x.img",
      "https://example.org.evil.net/x",
      "https://notexample.com/x",
      "http://127.0.0.1:8080/x",
    ])
      expect(onReservedName(url), url).toBe(false);
  });

  it("tells the endorser which location failed and why, with the entry's page", () => {
    const text = integrityFailureText(
      { identifier: "AbC", email: "jane@example.org", created: new Date("2026-01-01T00:00:00Z"), title: "Ubuntu base" },
      [
        {
          location: "https://img.example.net/a.img",
          outcome: "checksum-mismatch",
          detail: "its SHA-256 differs from the signed one",
          checkedAt: "2026-12-04T00:00:00.000Z",
        },
      ],
    );
    expect(text).toContain("your entry AbC (Ubuntu base)");
    expect(text).toContain("https://img.example.net/a.img\n\tchecksum mismatch: its SHA-256 differs from the signed one");
    expect(text).toContain("/metadata/AbC/jane@example.org/2026-01-01T00:00:00Z");
    expect(text).toContain("turn these messages off");
  });
});
