import { describe, expect, it } from "vitest";
import { syncKey } from "./sync-key";

const ID = "MMZu9WvwKIro-rtBQfDk4PsKO7_";

describe("a key of the legacy sync list", () => {
  it("is <identifier>/<email>/<created>, with or without .xml", () => {
    const key = { identifier: ID, email: "jane.tester@example.org", created: "2011-01-24T09:59:42Z" };
    expect(syncKey(`${ID}/jane.tester@example.org/2011-01-24T09:59:42Z`)).toEqual(key);
    expect(syncKey(` ${ID}/jane.tester@example.org/2011-01-24T09:59:42Z.xml\r`)).toEqual(key);
  });

  it.each([
    "../../etc/passwd",
    `${ID}/jane.tester@example.org/../../../etc/passwd`,
    `${ID}/../x/2011-01-24T09:59:42Z`,
    `${ID}/jane.tester@example.org/2011-01-24T09:59:42Z/extra`,
    `/${ID}/jane.tester@example.org/2011-01-24T09:59:42Z`,
    `${ID}/jane.tester@example.org/2011-01-24`,
    "",
  ])("refuses %j", (value) => {
    expect(() => syncKey(value)).toThrow(expect.objectContaining({ status: 400 }));
  });
});
