import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { mirrorFor, readHostApt } from "./host-apt";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const DEB822 = `Types: deb
URIs: http://deb.example/debian
Suites: bookworm bookworm-updates
Components: main

Types: deb
URIs: http://deb.example/debian-security
Suites: bookworm-security
Components: main
`;

describe("the host's apt sources", () => {
  it("finds the mirror of a suite in deb822 stanzas and one-line entries", () => {
    expect(mirrorFor("bookworm", new Map([["debian.sources", DEB822]]))).toBe("http://deb.example/debian");
    expect(mirrorFor("bookworm-security", new Map([["debian.sources", DEB822]]))).toBe("http://deb.example/debian-security");
    expect(mirrorFor("bookworm", new Map([["x.list", "# comment\ndeb [arch=amd64] https://m.example/debian bookworm main\n"]]))).toBe(
      "https://m.example/debian",
    );
    expect(mirrorFor("trixie", new Map([["debian.sources", DEB822]]))).toBeUndefined();
    expect(mirrorFor("bookworm", new Map([["d.sources", DEB822.replace("Components: main", "Components: main\nEnabled: no")]]))).toBe(
      undefined,
    );
  });

  it("reads sources and apt.conf.d, and says what to do when the suite has no source", async () => {
    const etc = fs.mkdtempSync(path.join(os.tmpdir(), "etc-apt-"));
    dirs.push(etc);
    fs.mkdirSync(path.join(etc, "sources.list.d"));
    fs.mkdirSync(path.join(etc, "apt.conf.d"));
    fs.writeFileSync(path.join(etc, "sources.list.d", "debian.sources"), DEB822);
    fs.writeFileSync(path.join(etc, "apt.conf.d", "99proxy"), 'Acquire::http::Proxy "http://proxy:3142";\n');
    const apt = await readHostApt("bookworm", etc);
    expect(apt.mirror).toBe("http://deb.example/debian");
    expect([...apt.sources.keys()]).toEqual(["debian.sources"]);
    expect(apt.confSnippets.get("99proxy")).toContain("Proxy");
    await expect(readHostApt("trixie", etc)).rejects.toThrow(/no apt source for trixie/);
  });
});
