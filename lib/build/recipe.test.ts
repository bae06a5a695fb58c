import { describe, expect, it } from "vitest";
import { DEFAULT_EXCLUDE, MAX_PACKAGES, parseRecipe, repositoryProblem, type RecipeInput } from "./recipe";

const MINIMAL: RecipeInput = { base: { bootstrap: "debian:bookworm" }, metadata: { title: "Debian 12 with nginx" } };

function problems(input: unknown): string[] {
  const parsed = parseRecipe(input);
  if (parsed.ok) throw new Error("expected the recipe to be refused");
  return parsed.problems.map((p) => `${p.field}: ${p.message}`);
}

describe("a recipe", () => {
  it("fills the defaults of a minimal one: qcow2, both context agents, the original's exclude list, half a year", () => {
    const parsed = parseRecipe(MINIMAL);
    expect(parsed).toEqual({
      ok: true,
      recipe: {
        base: { bootstrap: "debian:bookworm" },
        packages: [],
        repositories: [],
        scripts: [],
        context: ["stratuslab", "cloud-init"],
        bootable: false,
        formats: ["qcow2"],
        exclude: [...DEFAULT_EXCLUDE],
        metadata: { title: "Debian 12 with nginx", arch: "x86_64", validDays: 182, tags: [], hypervisor: "kvm" },
      },
    });
  });

  it("takes every kind of base: a Marketplace entry (with or without its endorser), a bootstrap, an uploaded disk", () => {
    for (const base of [
      { identifier: "BQqQxs1Y6-vz5uGDg9zqhZhVvLx" },
      { identifier: "BQqQxs1Y6-vz5uGDg9zqhZhVvLx", email: "jane@example.org" },
      { bootstrap: "debian:bookworm" },
      { upload: "upl_0123456789" },
    ])
      expect(parseRecipe({ ...MINIMAL, base }).ok, JSON.stringify(base)).toBe(true);
  });

  it("keeps a full one as written", () => {
    const full: RecipeInput = {
      base: { identifier: "BQqQxs1Y6-vz5uGDg9zqhZhVvLx", email: "jane@example.org" },
      packages: ["nginx", "libstdc++6", "python3.11"],
      repositories: [
        "deb [arch=amd64 signed-by=/usr/share/keyrings/extra.gpg] https://repo.example.org/debian bookworm main contrib",
        "Types: deb\nURIs: http://deb.example.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/x.gpg",
      ],
      scripts: [{ name: "setup.sh", content: "#!/bin/sh\necho $1 > /etc/marker\n", args: ["hello world", "--flag"], timeoutSeconds: 120 }],
      context: ["cloud-init"],
      bootable: true,
      formats: ["qcow2", "tar.zst"],
      exclude: ["/var/cache/apt/*"],
      metadata: {
        title: "nginx appliance",
        description: "A web server.",
        os: "Debian",
        osVersion: "12",
        arch: "x86_64",
        version: "1.2.0",
        validDays: 365,
        tags: ["web", "nginx-1.22"],
        hypervisor: "kvm",
      },
    };
    const parsed = parseRecipe(full);
    expect(parsed.ok && parsed.recipe).toEqual(full);
  });

  it("refuses package names that are options, shell, paths or not Debian's, naming each", () => {
    expect(problems({ ...MINIMAL, packages: ["nginx", "-o", "a;b", "../x", "Nginx", "x", "ok-1", "$(id)"] })).toEqual([
      expect.stringMatching(/^packages\[1\]: a Debian package name/),
      expect.stringMatching(/^packages\[2\]: /),
      expect.stringMatching(/^packages\[3\]: /),
      expect.stringMatching(/^packages\[4\]: /),
      expect.stringMatching(/^packages\[5\]: /),
      expect.stringMatching(/^packages\[7\]: /),
    ]);
  });

  it("refuses 10,000 packages, and the same package twice", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `pkg${i}`);
    expect(problems({ ...MINIMAL, packages: many })).toEqual([`packages: at most ${MAX_PACKAGES} packages`]);
    expect(problems({ ...MINIMAL, packages: ["vim", "vim"] })).toEqual(["packages: each package once"]);
  });

  it("refuses unknown keys, at the top and inside, naming them", () => {
    expect(problems({ ...MINIMAL, pakages: ["vim"] })).toEqual(["recipe: unknown key: pakages"]);
    expect(problems({ ...MINIMAL, metadata: { title: "t", colour: "red" } })).toEqual(["metadata: unknown key: colour"]);
    expect(problems({ ...MINIMAL, scripts: [{ name: "a", content: "x", shell: "bash" }] })).toEqual(["scripts[0]: unknown key: shell"]);
  });

  it("says what a base is when it is none of the three, and what is wrong with the one it meant", () => {
    expect(problems({ ...MINIMAL, base: { iso: "x" } })).toEqual([expect.stringMatching(/^base: one of \{"identifier", "email"\?\}/)]);
    expect(problems({ ...MINIMAL, base: { identifier: "short" } })).toEqual([
      expect.stringMatching(/^base\.identifier: an image identifier is 27 characters/),
    ]);
    expect(problems({ ...MINIMAL, base: { bootstrap: "debian:sid" } })).toEqual(["base.bootstrap: one of debian:bookworm"]);
    expect(problems({ ...MINIMAL, base: { upload: "x" } })).toEqual([expect.stringMatching(/^base\.upload: the id of an uploaded disk/)]);
    expect(problems({ ...MINIMAL, base: { bootstrap: "debian:bookworm", upload: "upl_0123456789" } })).toEqual([
      expect.stringMatching(/^base: /),
    ]);
    expect(problems({ metadata: { title: "t" } })).toEqual(["base: is required"]);
    expect(problems({ ...MINIMAL, packages: "vim" })).toEqual(["packages: must be an array"]);
    expect(problems({ ...MINIMAL, bootable: "yes" })).toEqual(["bootable: must be a boolean"]);
    expect(problems("not a recipe")).toEqual(["recipe: must be an object"]);
  });

  it("bounds scripts: size, NUL, arguments, timeout, names", () => {
    const big = "x".repeat(256 * 1024 + 1);
    expect(problems({ ...MINIMAL, scripts: [{ name: "big", content: big }] })).toEqual(["scripts[0].content: at most 256 KiB"]);
    // Multi-byte characters count as bytes: 90k three-byte characters are over 256 KiB.
    expect(problems({ ...MINIMAL, scripts: [{ name: "wide", content: "€".repeat(90_000) }] })).toEqual([
      "scripts[0].content: at most 256 KiB",
    ]);
    expect(problems({ ...MINIMAL, scripts: [{ name: "nul", content: "a", args: ["a\u0000b"] }] })).toEqual([
      "scripts[0].args[0]: must not contain NUL characters",
    ]);
    expect(problems({ ...MINIMAL, scripts: [{ name: "slow", content: "a", timeoutSeconds: 86_400 }] })).toEqual([
      "scripts[0].timeoutSeconds: at most 3600 seconds",
    ]);
    expect(problems({ ...MINIMAL, scripts: [{ name: "../evil", content: "a" }] })).toEqual([
      expect.stringMatching(/^scripts\[0\]\.name: /),
    ]);
    expect(
      problems({
        ...MINIMAL,
        scripts: [
          { name: "a", content: "x" },
          { name: "a", content: "y" },
        ],
      }),
    ).toEqual(["scripts: each script name once"]);
  });

  it("refuses exclude paths that are relative or climb out of the image", () => {
    expect(problems({ ...MINIMAL, exclude: ["tmp/*", "/var/../../etc", "/"] })).toEqual([
      expect.stringMatching(/^exclude\[0\]: an absolute path/),
      'exclude[1]: must not contain ".."',
      expect.stringMatching(/^exclude\[2\]: an absolute path/),
    ]);
  });

  it("refuses formats, agents and metadata values it does not know", () => {
    expect(problems({ ...MINIMAL, formats: ["vmdk"] })).toEqual([expect.stringMatching(/^formats\[0\]: one of raw, qcow2/)]);
    expect(problems({ ...MINIMAL, formats: [] })).toEqual(["formats: at least one format"]);
    expect(problems({ ...MINIMAL, context: ["puppet"] })).toEqual([expect.stringMatching(/^context\[0\]: one of stratuslab, cloud-init/)]);
    expect(problems({ ...MINIMAL, metadata: { title: "two\nlines" } })).toEqual(["metadata.title: one line of printable text"]);
    expect(problems({ ...MINIMAL, metadata: { title: "t", validDays: 0 } })).toEqual(["metadata.validDays: at least 1 day"]);
    expect(problems({ ...MINIMAL, metadata: { title: "t", tags: ["a b"] } })).toEqual([expect.stringMatching(/^metadata\.tags\[0\]: /)]);
    expect(problems({ ...MINIMAL, metadata: {} })).toEqual(["metadata.title: is required"]);
  });
});

describe("a repository line", () => {
  it("accepts one-line entries and deb822 stanzas over http and https", () => {
    for (const text of [
      "deb http://deb.debian.org/debian bookworm main",
      "deb-src https://deb.debian.org/debian bookworm main contrib non-free",
      "deb [signed-by=/etc/apt/keyrings/a.gpg] https://a.example/debian stable main",
      "Types: deb deb-src\nURIs: https://a.example/debian\nSuites: stable",
    ])
      expect(repositoryProblem(text), text).toBeUndefined();
  });

  it("refuses other schemes, options that switch off signatures, extra fields and broken lines", () => {
    const cases: Array<[string, RegExp]> = [
      ["deb ftp://a.example/debian bookworm main", /only http and https/],
      ["deb file:///srv/repo bookworm main", /only http and https/],
      ["deb [trusted=yes] https://a.example/debian bookworm main", /option "trusted=yes" is not allowed/],
      ["deb [allow-insecure=yes] https://a.example/debian bookworm main", /not allowed/],
      ["deb [signed-by=keyring.gpg] https://a.example/debian bookworm main", /absolute path/],
      ["deb https://user:secret@a.example/debian bookworm main", /user name or password/],
      ["deb https://a.example/debian", /a source line reads/],
      ["deb https://a.example/debian ../../etc main", /not a suite name/],
      ["deb https://a.example/debian bookworm ma;in", /not a component name/],
      ["Types: deb\nURIs: https://a.example/debian\nSuites: stable\nTrusted: yes", /field "Trusted" is not allowed/],
      ["Types: deb\nSuites: stable", /needs URIs:/],
      ["Types: rpm\nURIs: https://a.example/\nSuites: stable", /Types: takes deb and deb-src/],
      ["Types: deb\nURIs: https://a.example/\nSuites: stable\n\nTypes: deb", /one stanza only/],
      ["baseurl=http://a.example/centos", /neither a "deb \.\.\." line nor/],
      ["deb https://a.example/debian bookworm main\u0007", /control characters/],
      ["   ", /must not be empty/],
    ];
    for (const [text, message] of cases) expect(repositoryProblem(text), text).toMatch(message);
  });

  it("is named by its index in a recipe", () => {
    expect(problems({ ...MINIMAL, repositories: ["deb http://ok.example/debian bookworm main", "deb ftp://x/ y z"] })).toEqual([
      "repositories[1]: only http and https sources, not ftp",
    ]);
  });
});
