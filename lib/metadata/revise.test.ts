import { describe, expect, it } from "vitest";
import { inspectMetadata } from "./inspect";
import { prepareRevision, revisionFileName } from "./revise";
import { signMetadata } from "./signature/sign";
import { credentialsOf, testSigners, UNSIGNED_ENTRY } from "./__tests__/signing-helpers";

const REPLACEMENT = "LS3cWIHJ1iWmR1a3u6yzbX8d0Kh";

async function signedCurrent(): Promise<string> {
  const { jane } = await testSigners();
  return signMetadata(UNSIGNED_ENTRY, credentialsOf(jane), { now: new Date("2026-01-01T00:00:00Z") });
}

describe("prepareRevision", () => {
  it("deprecates with a reason and a replacement, later created, no signature; signing it gives a valid deprecated entry", async () => {
    const now = new Date("2026-02-01T10:00:00Z");
    const unsigned = prepareRevision(await signedCurrent(), { kind: "deprecate", reason: "security issue", replacedBy: REPLACEMENT }, now);
    expect(unsigned).not.toContain("Signature");
    const inspected = await inspectMetadata(unsigned);
    expect(inspected.entry?.deprecated).toBe("security issue");
    expect(inspected.entry?.isReplacedBy).toBe(REPLACEMENT);
    expect(inspected.entry?.endorsement.created).toBe("2026-02-01T10:00:00Z");
    expect(inspected.signature).toBeUndefined();

    const { jane } = await testSigners();
    const signed = await inspectMetadata(signMetadata(unsigned, credentialsOf(jane), { now: new Date("2026-02-01T10:05:00Z") }));
    expect(signed.problems).toEqual([]);
    expect(signed.entry?.deprecated).toBe("security issue");
    expect(signed.entry?.isReplacedBy).toBe(REPLACEMENT);
  });

  it("sets a new validity and keeps everything else", async () => {
    const current = await signedCurrent();
    const unsigned = prepareRevision(current, { kind: "valid", valid: new Date("2027-12-31T00:00:00Z") }, new Date("2026-02-01T00:00:00Z"));
    const inspected = await inspectMetadata(unsigned);
    expect(inspected.entry?.valid).toBe("2027-12-31T00:00:00Z");
    expect(inspected.entry?.deprecated).toBeUndefined();
    expect(inspected.entry?.title).toBe("Original title");
    expect(unsigned.match(/dcterms:valid>/g)).toHaveLength(2);
  });

  it("is always later than the current endorsement, even when the clock is behind it", async () => {
    const unsigned = prepareRevision(await signedCurrent(), { kind: "deprecate", reason: "old" }, new Date("2025-06-01T00:00:00Z"));
    expect((await inspectMetadata(unsigned)).entry?.endorsement.created).toBe("2026-01-01T00:00:01Z");
  });

  it("refuses an empty or oversize reason, a replacement that is not an identifier, a validity in the past", async () => {
    const current = await signedCurrent();
    const now = new Date("2026-02-01T00:00:00Z");
    expect(() => prepareRevision(current, { kind: "deprecate", reason: "  " }, now)).toThrow(/reason/);
    expect(() => prepareRevision(current, { kind: "deprecate", reason: "x".repeat(1001) }, now)).toThrow(/reason/);
    expect(() => prepareRevision(current, { kind: "deprecate", reason: "r", replacedBy: "not an id" }, now)).toThrow(/identifier/);
    expect(() => prepareRevision(current, { kind: "valid", valid: new Date("2026-01-15T00:00:00Z") }, now)).toThrow(/future/);
  });

  it("names the download", () => {
    expect(revisionFileName(REPLACEMENT, { kind: "deprecate", reason: "r" })).toBe(`${REPLACEMENT}-deprecated-unsigned.xml`);
  });
});
