import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkContent } from "@/lib/metadata/content/check-content";
import { sha1ToIdentifier } from "@/lib/metadata/identifier";
import { draftDocument, locationProblem, metadataProblems, validityPreset } from "./draft-metadata";
import type { DraftData } from "./draft";

const NOW = new Date("2026-12-02T10:00:00Z");
const hash = (algorithm: string) => createHash(algorithm).update("image bytes").digest("hex");
const DATA: DraftData = {
  image: {
    hashes: {
      bytes: 11,
      md5: hash("md5"),
      sha1: hash("sha1"),
      sha256: hash("sha256"),
      sha512: hash("sha512"),
      identifier: sha1ToIdentifier(hash("sha1")),
      compression: "gzip",
    },
    location: "https://images.example.org/appliance.img.gz",
  },
  metadata: {
    title: "Debian 12 web server",
    os: "Debian",
    osVersion: "12",
    arch: "x86_64",
    kind: "machine",
    valid: "2027-06-02",
    tag: "web",
  },
};

describe("the wizard's metadata step", () => {
  it("makes a document the engine's content checks accept, with every digest and the compression", () => {
    const made = draftDocument(DATA, NOW);
    if (!("xml" in made)) throw new Error(JSON.stringify(made.problems));
    const errors = checkContent(made.xml).problems.filter((p) => p.severity !== "warning");
    expect(errors).toEqual([]);
    for (const value of Object.values(DATA.image!.hashes!))
      if (typeof value === "string" && value.length > 30) expect(made.xml).toContain(value);
    expect(made.xml).toContain("<dcterms:compression>gz</dcterms:compression>");
    expect(made.xml).toContain("<dcterms:valid>2027-06-02T23:59:59Z</dcterms:valid>");
  });

  it("names each field that is wrong, with a message a person understands", () => {
    const problems = (metadata: Record<string, unknown>) =>
      Object.fromEntries(metadataProblems(metadata, NOW).map((p) => [p.field, p.message]));
    expect(problems({ valid: "2027-01-01" })).toEqual({ title: "give the image a title" });
    expect(problems({ title: "T", valid: "2026-02-30" })).toEqual({ valid: "is not a date of the calendar" });
    expect(problems({ title: "T", valid: "2026-12-01" })).toEqual({ valid: "must be in the future: the entry would be expired at once" });
    expect(problems({ title: "T", valid: "next year" })).toEqual({ valid: "a date as yyyy-mm-dd" });
    expect(problems({ title: "T", valid: "2027-01-01", tag: "-x" })).toHaveProperty("tag");
    expect(problems({ title: "T", valid: "2027-01-01", colour: "red" })).toEqual({ metadata: "unknown fields: colour" });
    expect(locationProblem("ftp://example.org/x")).toMatch(/only https and http/);
    expect(locationProblem("https://user:pw@example.org/x")).toMatch(/user name or password/);
    expect(locationProblem("")).toMatch(/give the URL/);
    expect(locationProblem("https://example.org/x.img")).toBeUndefined();
    const missing = draftDocument({}, NOW);
    expect("problems" in missing && missing.problems.map((p) => p.field)).toEqual(["image", "location", "title", "valid"]);
  });

  it("offers validity presets of whole months", () => {
    expect([3, 6, 12].map((months) => validityPreset(NOW, months))).toEqual(["2027-03-02", "2027-06-02", "2027-12-02"]);
  });
});
