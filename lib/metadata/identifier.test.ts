import { describe, expect, it } from "vitest";
import { identifierToBigInt, identifierToSha1, isIdentifier, sha1ToIdentifier } from "./identifier";

// The worked examples of reference section 2, each recomputed there from its SHA-1.
const EXAMPLES: Array<[sha1: string, identifier: string]> = [
  ["c319bbd5afc0a22ba3eaed0507c39383ec28eeff", "MMZu9WvwKIro-rtBQfDk4PsKO7_"],
  ["1104f3e30c030f8b93f220b04131032dddf51f21", "BEE8-MMAw-Lk_IgsEExAy3d9R8h"],
  ["972a1a11f19934401291cc99117ec614933374ce", "JcqGhHxmTRAEpHMmRF-xhSTM3TO"],
  ["024a8581d43fbf76d96ae3ec53b260bcddddad46", "AJKhYHUP7922Wrj7FOyYLzd3a1G"],
  ["0".repeat(40), "AAAAAAAAAAAAAAAAAAAAAAAAAAA"],
  ["f".repeat(40), "P__________________________"],
];

describe("image identifier", () => {
  it.each(EXAMPLES)("SHA-1 %s is identifier %s and back", (sha1, identifier) => {
    expect(sha1ToIdentifier(sha1)).toBe(identifier);
    expect(identifierToSha1(identifier)).toBe(sha1);
    expect(isIdentifier(identifier)).toBe(true);
  });

  it("accepts upper-case hex and leading zeros, as the numeric comparison did", () => {
    expect(sha1ToIdentifier("C319BBD5AFC0A22BA3EAED0507C39383EC28EEFF")).toBe("MMZu9WvwKIro-rtBQfDk4PsKO7_");
    expect(sha1ToIdentifier("024a8581d43fbf76d96ae3ec53b260bcddddad46")).toBe(
      sha1ToIdentifier("0024a8581d43fbf76d96ae3ec53b260bcddddad46"),
    );
  });

  it("refuses values that are not a SHA-1", () => {
    expect(() => sha1ToIdentifier("xyz")).toThrow(RangeError);
    expect(() => sha1ToIdentifier(`1${"0".repeat(40)}`)).toThrow(/not a valid SHA-1/);
  });

  it("refuses malformed identifiers", () => {
    for (const bad of ["", "MMZu9WvwKIro-rtBQfDk4PsKO7", "MMZu9WvwKIro-rtBQfDk4PsKO7__", "MMZu9WvwKIro+rtBQfDk4PsKO7_"]) {
      expect(isIdentifier(bad)).toBe(false);
      expect(() => identifierToSha1(bad)).toThrow(RangeError);
    }
    // The first digit carries only 4 bits of the digest: 'Q' and above encode more than 160 bits.
    expect(() => identifierToSha1("QAAAAAAAAAAAAAAAAAAAAAAAAAA")).toThrow(RangeError);
    expect(identifierToBigInt("QAAAAAAAAAAAAAAAAAAAAAAAAAA")).toBe(16n << 156n);
  });

  it("decodes to the number the original compared", () => {
    expect(identifierToBigInt("MMZu9WvwKIro-rtBQfDk4PsKO7_")).toBe(BigInt("0xc319bbd5afc0a22ba3eaed0507c39383ec28eeff"));
  });
});
