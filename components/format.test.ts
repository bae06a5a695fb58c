import { describe, expect, it } from "vitest";
import { formatBytes, formatFingerprint, groupDigits } from "./format";

// formatDate is left to the tests of the one date format (issue 8, item 2).

describe("formatBytes", () => {
  it.each([
    ["0", "0 bytes"],
    ["1", "1 byte"],
    ["2", "2 bytes"],
    ["1023", "1023 bytes"],
    ["1024", "1.0 KiB"],
    ["1536", "1.5 KiB"],
    ["10239", "10.0 KiB"],
    ["10240", "10 KiB"],
    ["1048576", "1.0 MiB"],
    ["1288490188", "1.2 GiB"],
    ["2147483648", "2.0 GiB"],
    ["1099511627776", "1.0 TiB"],
    ["1125899906842624", "1.0 PiB"],
    // Past the last unit the number grows instead; beyond 2^53 precision is no concern at this scale.
    ["1152921504606846976", "1024 PiB"],
    ["99999999999999999999999", "88817842 PiB"],
    // Not a decimal number of bytes: shown as it is.
    ["", ""],
    ["-1", "-1"],
    ["1.5", "1.5"],
    ["12 MB", "12 MB"],
  ])("%j -> %j", (digits, expected) => {
    expect(formatBytes(digits)).toBe(expected);
  });
});

describe("groupDigits", () => {
  it.each([
    ["0", "0"],
    ["999", "999"],
    ["1000", "1,000"],
    ["1288490188", "1,288,490,188"],
    ["123456789012345678901234567890", "123,456,789,012,345,678,901,234,567,890"],
    ["12a", "12a"],
    ["", ""],
  ])("%j -> %j", (digits, expected) => {
    expect(groupDigits(digits)).toBe(expected);
  });
});

describe("formatFingerprint", () => {
  it.each([
    ["abcdef0123", "AB:CD:EF:01:23"],
    ["AB:cd:EF", "AB:CD:EF"],
    ["ab cd-ef", "AB:CD:EF"],
    ["abc", "AB:C"],
    ["", ""],
    ["zz", "zz"],
  ])("%j -> %j", (hex, expected) => {
    expect(formatFingerprint(hex)).toBe(expected);
  });
});
