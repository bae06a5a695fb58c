/**
 * Many prepared entries fast, for load tests and benchmarks: the parsed columns vary (OS, version,
 * architecture, kind, endorser, status, locations, tags, several versions per image) while the
 * documents are those of one real signed upload (`template`), so nothing is signed per row. Not for
 * tests of document content: every row shares the template's bytes and RDF/JSON. Deterministic for a
 * given seed.
 */
import { createHash } from "node:crypto";
import { formatMetadataDate } from "@/lib/metadata/dates";
import type { PreparedEntry } from "../prepare-entry";
import type { Upload } from "./signed-entries";
import { prepareEntry } from "../prepare-entry";
import { identifierOf } from "./signed-entries";

export interface SyntheticOptions {
  /** How many entries in all (several per image for some). */
  count: number;
  /** The reference time: valid entries expire after it, expired ones before it. */
  now: Date;
  seed?: number;
  endorsers?: number;
  /** Share of images with older versions (default 0.1). */
  historyShare?: number;
}

const OSES = [
  ["Ubuntu", ["18.04", "20.04", "22.04", "24.04"]],
  ["Debian", ["10", "11", "12"]],
  ["CentOS", ["6.5", "7", "8"]],
  ["Fedora", ["38", "39", "40"]],
  ["Alpine", ["3.18", "3.19", "3.20"]],
  ["ttylinux", ["9.3", "9.7"]],
  ["Windows", ["2019", "2022"]],
  ["openSUSE", ["15.5"]],
] as const;
const ARCHES = ["x86_64", "x86_64", "x86_64", "i686", "aarch64"];
const KINDS = ["machine", "machine", "machine", "disk"];
const WORDS = ["base", "minimal", "server", "desktop", "cloud", "grid", "worker", "database", "web", "science", "analysis", "cluster"];
const DAY = 24 * 60 * 60 * 1000;

export function syntheticEntries(template: Upload, options: SyntheticOptions): PreparedEntry[] {
  const random = mulberry32(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const endorsers = Array.from({ length: options.endorsers ?? 200 }, (_, i) => `endorser${i}@site${i % 17}.example.org`);
  const base = prepareEntry(template.xml, template.inspection);
  const now = options.now.getTime();
  const rows: PreparedEntry[] = [];

  for (let image = 0; rows.length < options.count; image++) {
    const identifier = identifierOf(`synthetic-${options.seed ?? 1}-${image}`);
    const [os, versions] = pick(OSES);
    const osVersion = pick(versions);
    const arch = pick(ARCHES);
    const kind = pick(KINDS);
    const email = pick(endorsers);
    const title = `${os} ${osVersion} ${pick(WORDS)} ${pick(WORDS)}`;
    const versionsOfImage = random() < (options.historyShare ?? 0.1) ? 2 + Math.floor(random() * 3) : 1;
    let created = now - Math.floor(random() * 1000 * DAY);
    for (let v = 0; v < versionsOfImage && rows.length < options.count; v++) {
      created = Math.floor(created / 1000) * 1000 + v * DAY;
      const roll = random();
      const status = roll < 0.8 ? "valid" : roll < 0.93 ? "expired" : roll < 0.98 ? "deprecated" : "no-valid";
      const valid =
        status === "no-valid"
          ? null
          : new Date(Math.floor((status === "expired" ? now - random() * 300 * DAY : now + (1 + random() * 700) * DAY) / 1000) * 1000);
      const locations =
        random() < 0.2
          ? [`pdisk:marketplace.example.org:8445:${identifier.toLowerCase()}`]
          : random() < 0.05
            ? []
            : [`https://images.example.org/${identifier}.img.gz`];
      rows.push({
        key: { identifier, email, created: formatMetadataDate(new Date(created)) },
        entry: {
          ...base.entry,
          identifier,
          email,
          created: new Date(created),
          valid,
          deprecated: status === "deprecated" ? "superseded" : null,
          title,
          description: `${title}: an appliance for ${pick(WORDS)} work, with ${pick(WORDS)} tools.`,
          os,
          osVersion,
          osArch: arch,
          kind,
          tag: random() < 0.1 ? `${os.toLowerCase()}-${pick(WORDS)}` : null,
          locations,
          webLocation: locations.length === 0 || locations.some((l) => l.startsWith("https://")),
          pdiskLocation: locations.some((l) => l.startsWith("pdisk")),
          bytes: String(Math.floor(random() * 20_000_000_000)),
          endorserSubject: `CN=Endorser ${email},OU=Testing,O=Example,C=EU`,
          endorserName: `Endorser ${email.split("@")[0]}`,
          xmlSha256: createHash("sha256").update(`${identifier}${email}${created}`).digest("hex"),
        },
        document: base.document,
        certificate: base.certificate,
        signingKey: base.signingKey,
      });
    }
  }
  return rows;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
