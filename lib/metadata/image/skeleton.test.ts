import fs from "node:fs";
import path from "node:path";
import { DOMParser, type Element } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import type { ImageChecksums } from "@/lib/metadata/image/checksums";
import { DEFAULT_VALIDITY_SECONDS, buildSkeleton, skeletonFileName } from "@/lib/metadata/image/skeleton";
import { NS, XML_BASE } from "@/lib/metadata/namespaces";

const CHECKSUMS: ImageChecksums = {
  bytes: 10_000_000_000n,
  md5: "e0206e094f8974aedf84b07317b57ed8",
  sha1: "c319bbd5afc0a22ba3eaed0507c39383ec28eeff",
  sha256: "7c262ef2a74785e9cc848e448c91fffe9526cb2643e6866a856f9fde84639b41",
  sha512:
    "0e25a9d37af117da1275dbe1d9d3cbc392b290524157bd2510aa382f31d0546eb3b7a6ea7513b25c633d9d2ec16d52acb95c75b034e05a5ed8319dd678264ec3",
  identifier: "MMZu9WvwKIro-rtBQfDk4PsKO7_",
};
const CREATED = new Date("2024-03-01T12:00:00.250Z");

const TEMPLATE = path.join(import.meta.dirname, "..", "__fixtures__", "stratuslab", "client", "manifest.xml.tpl");

function parse(xml: string): Element {
  return new DOMParser().parseFromString(xml, "text/xml").documentElement!;
}

function children(element: Element): Element[] {
  return Array.from(element.childNodes).filter((node): node is Element => node.nodeType === 1);
}

function description(xml: string): Element {
  return children(parse(xml))[0]!;
}

/** `prefix:local` of each child element, checked against the namespace its prefix must stand for. */
function childNames(element: Element): string[] {
  return children(element).map((child) => {
    expect(child.namespaceURI).toBe(NS[child.prefix as keyof typeof NS]);
    return child.nodeName;
  });
}

function childText(element: Element, name: string): string[] {
  return children(element)
    .filter((child) => child.nodeName === name)
    .map((child) => child.textContent ?? "");
}

describe("buildSkeleton", () => {
  it("writes the elements of the original template, in its order", () => {
    const template = fs.readFileSync(TEMPLATE, "utf8").replace(/%\(\w+\)s/g, "");
    const xml = buildSkeleton({ checksums: CHECKSUMS, created: CREATED });
    expect(childNames(description(xml))).toEqual(childNames(description(template)));
    expect(childNames(description(xml))).toEqual([
      "dcterms:identifier",
      "slreq:bytes",
      "slreq:checksum",
      "slreq:checksum",
      "slreq:checksum",
      "slreq:checksum",
      "slreq:endorsement",
      "dcterms:type",
      "slterms:kind",
      "slterms:os",
      "slterms:os-version",
      "slterms:os-arch",
      "slterms:version",
      "dcterms:compression",
      "dcterms:format",
      "dcterms:creator",
      "dcterms:created",
      "dcterms:valid",
      "dcterms:title",
      "dcterms:alternative",
      "dcterms:description",
      "slterms:hypervisor",
      "slterms:disks-bus",
      "dcterms:publisher",
    ]);
  });

  it("has the template's root, namespaces and identifier", () => {
    const xml = buildSkeleton({ checksums: CHECKSUMS, created: CREATED });
    expect(xml.startsWith(`<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<rdf:RDF `)).toBe(true);
    expect(xml.endsWith("</rdf:RDF>\n")).toBe(true);
    const root = parse(xml);
    expect(root.namespaceURI).toBe(NS.rdf);
    expect(root.localName).toBe("RDF");
    expect(root.getAttributeNS(NS.xml, "base")).toBe(XML_BASE);
    const entry = children(root)[0]!;
    expect(children(root)).toHaveLength(1);
    expect(entry.getAttributeNS(NS.rdf, "about")).toBe(`#${CHECKSUMS.identifier}`);
    expect(childText(entry, "dcterms:identifier")).toEqual([CHECKSUMS.identifier]);
    expect(childText(entry, "slreq:bytes")).toEqual(["10000000000"]);
    const endorsement = children(entry).find((child) => child.nodeName === "slreq:endorsement")!;
    expect(endorsement.childNodes.length).toBe(0);
    expect(endorsement.getAttributeNS(NS.rdf, "parseType")).toBe("Resource");
  });

  it("writes the four checksums with the Java algorithm names", () => {
    const entry = description(buildSkeleton({ checksums: CHECKSUMS, created: CREATED }));
    const checksums = children(entry)
      .filter((child) => child.nodeName === "slreq:checksum")
      .map((checksum) => {
        expect(checksum.getAttributeNS(NS.rdf, "parseType")).toBe("Resource");
        return children(checksum).map((part) => `${part.nodeName}=${part.textContent}`);
      });
    expect(checksums).toEqual([
      ["slreq:algorithm=MD5", `slreq:value=${CHECKSUMS.md5}`],
      ["slreq:algorithm=SHA-1", `slreq:value=${CHECKSUMS.sha1}`],
      ["slreq:algorithm=SHA-256", `slreq:value=${CHECKSUMS.sha256}`],
      ["slreq:algorithm=SHA-512", `slreq:value=${CHECKSUMS.sha512}`],
    ]);
  });

  it("leaves out the checksums that were not computed", () => {
    const onlySome = { ...CHECKSUMS, md5: undefined, sha512: undefined };
    const xml = buildSkeleton({ checksums: onlySome, created: CREATED });
    expect(xml).not.toContain("<slreq:value></slreq:value>");
    expect(xml).not.toContain("MD5");
    const algorithms = children(description(xml))
      .filter((child) => child.nodeName === "slreq:checksum")
      .map((checksum) => children(checksum)[0]!.textContent);
    expect(algorithms).toEqual(["SHA-1", "SHA-256"]);
  });

  it("applies the original's defaults and a validity of half a year", () => {
    const entry = description(buildSkeleton({ checksums: CHECKSUMS, created: CREATED }));
    expect(childText(entry, "dcterms:type")).toEqual(["base"]);
    expect(childText(entry, "slterms:kind")).toEqual(["machine"]);
    expect(childText(entry, "dcterms:format")).toEqual(["raw"]);
    expect(childText(entry, "slterms:hypervisor")).toEqual(["kvm"]);
    expect(childText(entry, "slterms:disks-bus")).toEqual(["ide"]);
    expect(childText(entry, "dcterms:publisher")).toEqual(["StratusLab"]);
    expect(childText(entry, "dcterms:created")).toEqual(["2024-03-01T12:00:00Z"]);
    expect(DEFAULT_VALIDITY_SECONDS).toBe(182.5 * 24 * 3600);
    expect(childText(entry, "dcterms:valid")).toEqual(["2024-08-31T00:00:00Z"]);
  });

  it("dates the entry now by default", () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const entry = description(buildSkeleton({ checksums: CHECKSUMS }));
    const created = Date.parse(childText(entry, "dcterms:created")[0]!);
    const valid = Date.parse(childText(entry, "dcterms:valid")[0]!);
    expect(created).toBeGreaterThanOrEqual(before);
    expect(created).toBeLessThanOrEqual(Date.now());
    expect(valid - created).toBe(DEFAULT_VALIDITY_SECONDS * 1000);
  });

  it("writes every field given, escaped, and the locations and deprecation", () => {
    const tricky = `Tom & Jerry's <image> "v1"\r\nline two ]]>`;
    const xml = buildSkeleton({
      checksums: CHECKSUMS,
      type: "grid",
      kind: "disk",
      os: "ttylinux",
      osVersion: "10.0",
      osArch: "i486",
      version: "1.0",
      compression: "gz",
      locations: ["http://example.org/a.img.gz?x=1&y=2", "pdisk:host:8445:0123"],
      format: "qcow2",
      creator: "Jane <jane@example.org>",
      created: CREATED,
      valid: new Date("2030-01-01T00:00:00Z"),
      title: tricky,
      tag: "latest&greatest",
      description: "multi\nline",
      hypervisor: "xen",
      disksBus: "virtio",
      publisher: "Me",
      deprecated: "replaced by <newer>",
    });
    expect(xml).toContain('<dcterms:title>Tom &amp; Jerry\'s &lt;image&gt; "v1"&#13;\nline two ]]&gt;</dcterms:title>');
    const entry = description(xml);
    expect(childNames(entry).slice(-1)).toEqual(["slterms:deprecated"]);
    expect(childText(entry, "slterms:location")).toEqual(["http://example.org/a.img.gz?x=1&y=2", "pdisk:host:8445:0123"]);
    expect(childNames(entry).indexOf("slterms:location")).toBe(childNames(entry).indexOf("dcterms:compression") + 1);
    const values = Object.fromEntries(
      children(entry)
        .filter((child) => !["slreq:checksum", "slterms:location"].includes(child.nodeName))
        .map((child) => [child.nodeName, child.textContent]),
    );
    expect(values).toMatchObject({
      "dcterms:type": "grid",
      "slterms:kind": "disk",
      "slterms:os": "ttylinux",
      "slterms:os-version": "10.0",
      "slterms:os-arch": "i486",
      "slterms:version": "1.0",
      "dcterms:compression": "gz",
      "dcterms:format": "qcow2",
      "dcterms:creator": "Jane <jane@example.org>",
      "dcterms:valid": "2030-01-01T00:00:00Z",
      "dcterms:title": tricky,
      "dcterms:alternative": "latest&greatest",
      "dcterms:description": "multi\nline",
      "slterms:hypervisor": "xen",
      "slterms:disks-bus": "virtio",
      "dcterms:publisher": "Me",
      "slterms:deprecated": "replaced by <newer>",
    });
  });

  it("refuses text that XML cannot carry", () => {
    expect(() => buildSkeleton({ checksums: CHECKSUMS, title: "bell \u0007" })).toThrow(/title/);
  });
});

describe("skeletonFileName", () => {
  it("is <os>-<os-version>-<os-arch>-<type>-<version>.xml", () => {
    expect(skeletonFileName({ checksums: CHECKSUMS, os: "ttylinux", osVersion: "10.0", osArch: "i486", version: "1.0" })).toBe(
      "ttylinux-10.0-i486-base-1.0.xml",
    );
    expect(skeletonFileName({ checksums: CHECKSUMS, os: "centos", type: "grid" })).toBe("centos---grid-.xml");
  });

  it("cannot leave the output directory", () => {
    expect(skeletonFileName({ checksums: CHECKSUMS, os: "../../etc/passwd", osArch: "x86\\64" })).toBe(
      ".._.._etc_passwd--x86_64-base-.xml",
    );
  });

  it("falls back to the identifier without an OS", () => {
    expect(skeletonFileName({ checksums: CHECKSUMS })).toBe("MMZu9WvwKIro-rtBQfDk4PsKO7_.xml");
    expect(skeletonFileName({ checksums: CHECKSUMS, os: " " })).toBe("MMZu9WvwKIro-rtBQfDk4PsKO7_.xml");
  });
});
