import { describe, expect, it } from "vitest";
import type { ExportEntry } from "@/db/export-entries";
import { hepixImageList, slashDn } from "./hepix-list";

const entry = (over: Partial<ExportEntry> = {}): ExportEntry => ({
  identifier: "MMZu9WvwKIro-rtBQfDk4PsKO7_",
  email: "jane@example.org",
  created: new Date("2026-01-01T00:00:00Z"),
  valid: new Date("2026-12-20T00:00:00Z"),
  title: "Base",
  description: null,
  os: "Ubuntu",
  osVersion: "24.04",
  arch: "x86_64",
  format: "qcow2",
  hypervisor: null,
  version: null,
  compression: null,
  locations: ["pdisk:host:1:x", "https://img.example.net/a.qcow2"],
  bytes: "1024",
  checksums: [{ algorithm: "SHA-512", value: "0ab" }],
  endorserName: "Jane",
  endorserSubject: "CN=Jane",
  endorserIssuer: "CN=CA",
  ...over,
});

const context = {
  base: "https://mp.example.net/",
  listUrl: "https://mp.example.net/exports/hepix/image.list",
  title: "t",
  description: "d",
  endorser: { name: "Jane", subject: "CN=Jane Tester, OU=Testing\\, Dept, O=StratusLab, C=EU", issuer: "CN=Test CA, C=EU" },
  version: 7,
  now: new Date("2026-12-04T00:00:00Z"),
};

describe("a HEPiX image list", () => {
  it("writes DNs in OpenSSL's slash form, most significant first, escapes kept as text", () => {
    expect(slashDn("CN=Jane Tester, OU=Testing\\, Dept, O=StratusLab, C=EU")).toBe("/C=EU/O=StratusLab/OU=Testing, Dept/CN=Jane Tester");
    expect(slashDn("CN=a/b")).toBe("/CN=a\\/b");
  });

  it("lists uncompressed images with an http(s) location and a SHA-512, padded to its length", () => {
    const list = hepixImageList(
      [
        entry(),
        entry({ identifier: "x".repeat(27), compression: "gz" }),
        entry({ identifier: "y".repeat(27), checksums: [] }),
        entry({ identifier: "z".repeat(27), locations: ["pdisk:a"] }),
      ],
      context,
    )["hv:imagelist"] as { "hv:images": Array<{ "hv:image": Record<string, unknown> }>; [key: string]: unknown };
    expect(list["hv:images"]).toHaveLength(1);
    expect(list["hv:images"][0]!["hv:image"]).toMatchObject({
      "hv:uri": "https://img.example.net/a.qcow2",
      "hv:format": "QCOW2",
      "hv:size": 1024,
      "sl:checksum:sha512": `${"0".repeat(125)}0ab`,
      "hv:version": "2026-01-01T00:00:00Z",
    });
    // Never valid past an entry it lists, nor longer than four weeks.
    expect(list["dc:date:expires"]).toBe("2026-12-20T00:00:00Z");
    expect(list["hv:version"]).toBe("7");
  });

  it("keeps its identifiers from one regeneration to the next", () => {
    const a = hepixImageList([entry()], context)["hv:imagelist"];
    const b = hepixImageList([entry()], { ...context, now: new Date("2026-12-05T00:00:00Z"), version: 8 })["hv:imagelist"];
    expect(a["dc:identifier"]).toBe(b["dc:identifier"]);
    expect(JSON.stringify(a["hv:images"])).toBe(JSON.stringify(b["hv:images"]));
  });
});
