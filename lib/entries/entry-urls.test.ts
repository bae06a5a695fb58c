import { describe, expect, it } from "vitest";
import { endorserHistoryPath, endorserTagsPath, entryPath, entryUrl, metadataPath, pathSegment, tagPath } from "./entry-urls";

const KEY = { identifier: "BEE8-MMAw-Lk_IgsEExAy3d9R8h", email: "jane.tester@example.org", created: "2011-01-24T09:59:42Z" };

describe("entry URLs (one rule: every segment percent-encoded but @ and :)", () => {
  it.each([
    ["jane.tester@example.org", "jane.tester@example.org"],
    ["2011-01-24T09:59:42Z", "2011-01-24T09:59:42Z"],
    ["jane+test@example.org", "jane%2Btest@example.org"],
    ["a/b@example.org", "a%2Fb@example.org"],
    ["my tag", "my%20tag"],
    ['"abc', "%22abc"],
    ["50%", "50%25"],
    ["a?b#c", "a%3Fb%23c"],
    ["Renée", "Ren%C3%A9e"],
  ])("segment %j -> %j", (value, encoded) => {
    expect(pathSegment(value)).toBe(encoded);
    expect(decodeURIComponent(pathSegment(value))).toBe(value);
  });

  it("keeps the original's form for keys that need no encoding", () => {
    expect(entryPath(KEY)).toBe("/metadata/BEE8-MMAw-Lk_IgsEExAy3d9R8h/jane.tester@example.org/2011-01-24T09:59:42Z");
  });

  it("encodes an email with + in the path, the absolute URL and the listing alike", () => {
    const key = { ...KEY, email: "jane+test@example.org" };
    expect(entryPath(key)).toBe("/metadata/BEE8-MMAw-Lk_IgsEExAy3d9R8h/jane%2Btest@example.org/2011-01-24T09:59:42Z");
    expect(metadataPath(key.identifier, key.email, key.created)).toBe(entryPath(key));
    expect(metadataPath(key.email)).toBe("/metadata/jane%2Btest@example.org");
    expect(metadataPath()).toBe("/metadata");
  });

  it.each([
    ["http://127.0.0.1:3000/", "http://127.0.0.1:3000"],
    ["http://127.0.0.1:3000", "http://127.0.0.1:3000"],
    ["https://example.org/marketplace/", "https://example.org/marketplace"],
  ])("puts the path under the base %j", (base, prefix) => {
    expect(entryUrl(base, KEY)).toBe(`${prefix}${entryPath(KEY)}`);
  });

  it("builds the endorser and tag paths the same way", () => {
    expect(endorserHistoryPath("jane+test@example.org")).toBe("/endorsers/jane%2Btest@example.org");
    expect(endorserTagsPath("jane+test@example.org")).toBe("/endorsers/jane%2Btest@example.org/tags");
    expect(tagPath("jane+test@example.org", "my tag")).toBe("/tag/jane%2Btest@example.org/my%20tag");
  });
});
