/**
 * The site policy file: the original policy.cfg read as Python's ConfigParser reads it (continuation
 * lines, both separators, comments, option case), our [trust] and [validity] sections, and every
 * mistake refused with its line or its option named.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { OPEN_SITE_POLICY, parseConfigParserIni, parseSitePolicy } from "./site-policy";

// As the original installer wrote it, values one per line.
const ORIGINAL = `# StratusLab site policy
[validatemetadatafile]
activate = True

[endorsers]
whitelistendorsers = jane.tester@example.org
    Jim.Tester@Example.org
blacklistendorsers:
\thackers@example.org ; they know what they did

[images]
whitelistimages =
blacklistimages = BEE8-MMAw-Lk_IgsEExAy3d9R8h

[checksums]
; SHA-1 of the images
BlackListChecksums = 0ABCDEF0123456789abcdef0123456789abcdef
`;

describe("reading the site policy file", () => {
  it("reads the original policy.cfg as ConfigParser does", () => {
    expect(parseSitePolicy(ORIGINAL)).toEqual({
      ...OPEN_SITE_POLICY,
      whitelistEndorsers: ["jane.tester@example.org", "jim.tester@example.org"],
      blacklistEndorsers: ["hackers@example.org"],
      blacklistImages: ["BEE8-MMAw-Lk_IgsEExAy3d9R8h"],
      // Case and leading zeros do not matter in a digest.
      blacklistChecksums: ["abcdef0123456789abcdef0123456789abcdef"],
    });
  });

  it("reads our own sections", () => {
    expect(parseSitePolicy("[trust]\nlabels = trusted\n  self-signed\n[validity]\nminimumdays: 30\n")).toEqual({
      ...OPEN_SITE_POLICY,
      trustLabels: ["trusted", "self-signed"],
      minimumValidityDays: 30,
    });
    expect(parseSitePolicy("")).toEqual(OPEN_SITE_POLICY);
  });

  it("joins continuation lines and keeps sections apart", () => {
    const ini = parseConfigParserIni("\uFEFF[a]\nx = 1\n  2\r\n\n  3\n[b]\nX=4\nrem a comment\n");
    expect(Object.fromEntries([...ini].map(([name, options]) => [name, Object.fromEntries(options)]))).toEqual({
      a: { x: "1\n2\n3" },
      b: { x: "4" },
    });
  });

  it("refuses what it cannot read, naming the line or the option", () => {
    for (const [text, message] of [
      ["whitelistendorsers = a@b.c\n", "line 1: an option before any [section] header"],
      ["[endorsers]\n  a@b.c\n", "line 2: an indented line continues no option"],
      ["[endorsers]\njust words\n", 'line 2: neither a [section], an "option = value" nor a comment'],
      ["[endorser]\nwhitelistendorsers = a@b.c\n", "unknown section [endorser]"],
      ["[endorsers]\nwhitelistendorser = a@b.c\n", 'unknown option "whitelistendorser" in [endorsers]'],
      ["[trust]\nlabels = trusted\n  kinda-trusted\n", '[trust] labels: unknown label "kinda-trusted"'],
      ["[validity]\nminimumdays = a month\n", "[validity] minimumdays must be a whole number of days"],
    ]) {
      expect(() => parseSitePolicy(text!), text).toThrow(message);
    }
  });

  it("reads the example the README gives", () => {
    const readme = fs.readFileSync(path.join(import.meta.dirname, "..", "..", "README.md"), "utf8");
    const example = /## For cloud sites[\s\S]*?```ini\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    expect(parseSitePolicy(example!)).toMatchObject({
      blacklistEndorsers: ["hackers@example.org"],
      trustLabels: ["trusted"],
      minimumValidityDays: 30,
    });
  });
});
