import { describe, expect, it } from "vitest";
import type { ExportEntry } from "@/db/export-entries";
import { indexDocument, productsDocument, rfc2822 } from "./simplestreams";
import { virtBuilderIndex } from "./virt-builder-index";

const entry = (over: Partial<ExportEntry> = {}): ExportEntry => ({
  identifier: "MMZu9WvwKIro-rtBQfDk4PsKO7_",
  email: "jane@example.org",
  created: new Date("2026-01-01T00:00:00Z"),
  valid: new Date("2026-12-20T00:00:00Z"),
  title: "Base",
  description: "two\nlines",
  os: "Ubuntu",
  osVersion: "24.04",
  arch: "x86_64",
  format: "raw",
  hypervisor: null,
  version: null,
  compression: null,
  locations: ["https://img.example.net/a.img"],
  bytes: "1024",
  checksums: [
    { algorithm: "SHA-256", value: "ab" },
    { algorithm: "SHA-512", value: "cd" },
  ],
  endorserName: "Jane",
  endorserSubject: "CN=Jane",
  endorserIssuer: "CN=CA",
  ...over,
});

describe("the Simplestreams and virt-builder exports", () => {
  it("make one product per endorser, OS release and architecture, a version per entry", () => {
    const now = new Date("2026-12-04T10:00:00Z");
    const products = productsDocument(
      [
        entry(),
        entry({ identifier: "b".repeat(27), created: new Date("2026-02-01T00:00:00Z") }),
        entry({ identifier: "c".repeat(27), checksums: [] }),
      ],
      now,
    );
    expect(products.updated).toBe("Fri, 04 Dec 2026 10:00:00 +0000");
    expect(rfc2822(now)).toBe(products.updated);
    expect(Object.keys(products.products)).toEqual(["org.appliance-marketplace:images:jane-example.org:ubuntu:24.04:x86_64"]);
    const versions = Object.values(products.products)[0]!.versions as Record<string, { items: { disk: Record<string, unknown> } }>;
    expect(Object.keys(versions).sort()).toEqual([`20260101T000000Z-MMZu9WvwKIro-rtBQfDk4PsKO7_`, `20260201T000000Z-${"b".repeat(27)}`]);
    expect(versions["20260101T000000Z-MMZu9WvwKIro-rtBQfDk4PsKO7_"]!.items.disk).toEqual({
      ftype: "raw",
      path: "https://img.example.net/a.img",
      size: 1024,
      sha256: `${"0".repeat(62)}ab`,
    });
    expect(indexDocument(products, "email=x", true).index["org.appliance-marketplace:images"]!.path).toBe(
      "streams/v1/appliances.sjson?email=x",
    );
  });

  it("list raw images with a SHA-512 in the virt-builder index, each value on one line", () => {
    const index = virtBuilderIndex([entry(), entry({ identifier: "q".repeat(27), format: "qcow2" })]);
    expect(index).toBe(
      `[ubuntu-24.04-mmzu9wvwkiro-rtbqfdk4pskoz_]\nname=Base\narch=x86_64\nfile=images/MMZu9WvwKIro-rtBQfDk4PsKO7_\nchecksum[sha512]=${"0".repeat(126)}cd\nformat=raw\nsize=1024\nnotes=two lines\n`.replace(
        "oz_",
        "o7_",
      ),
    );
  });
});
