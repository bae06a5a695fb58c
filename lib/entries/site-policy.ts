/**
 * A cloud site's policy: which images it may run (reference section 4.6). The file is the original
 * `/etc/stratuslab/policy.cfg` (Python ConfigParser INI: `[endorsers]` whitelistendorsers /
 * blacklistendorsers, `[images]` whitelistimages / blacklistimages, `[checksums]` whitelistchecksums /
 * blacklistchecksums, one value per line), so a site's existing file works unchanged, plus two
 * sections of ours: `[trust] labels` (the certificate trust labels accepted, one per line) and
 * `[validity] minimumdays` (how long an entry must stay valid from now). ConfigParser's own rules are
 * kept: `=` or `:`, continuation lines indented, `#` and `;` comment lines, option names in any case,
 * ` ;` starting an inline comment (on continuation lines too, where Python 2 kept it: a value never holds
 * one, and an email with a comment glued on would match nothing and loosen a blacklist). Unlike the original, a section or option we do not know is an
 * error: a misspelt list would otherwise loosen the policy in silence.
 */
// Relative: next.config.ts loads this through lib/env.ts, without the "@/" alias.
import { TRUST_LABELS, type TrustLabel } from "../metadata/pki/trust-labels";

export interface SitePolicy {
  whitelistEndorsers: string[];
  blacklistEndorsers: string[];
  whitelistImages: string[];
  blacklistImages: string[];
  /** SHA-1 hex digests, as the original compared them. */
  whitelistChecksums: string[];
  blacklistChecksums: string[];
  /** Empty: any label. */
  trustLabels: TrustLabel[];
  /** 0: valid now is enough. */
  minimumValidityDays: number;
}

export const OPEN_SITE_POLICY: SitePolicy = {
  whitelistEndorsers: [],
  blacklistEndorsers: [],
  whitelistImages: [],
  blacklistImages: [],
  whitelistChecksums: [],
  blacklistChecksums: [],
  trustLabels: [],
  minimumValidityDays: 0,
};

export class SitePolicyError extends Error {}

type ListField = Exclude<keyof SitePolicy, "trustLabels" | "minimumValidityDays">;

/** section -> option -> what it sets. */
const OPTIONS: Record<string, Record<string, ListField | "trustLabels" | "minimumValidityDays" | null>> = {
  endorsers: { whitelistendorsers: "whitelistEndorsers", blacklistendorsers: "blacklistEndorsers" },
  images: { whitelistimages: "whitelistImages", blacklistimages: "blacklistImages" },
  checksums: { whitelistchecksums: "whitelistChecksums", blacklistchecksums: "blacklistChecksums" },
  trust: { labels: "trustLabels" },
  validity: { minimumdays: "minimumValidityDays" },
  // Written by the original installer (PolicyValidator) beside the lists; it switched the check on.
  validatemetadatafile: { activate: null },
};

/** The file's sections and options, values with their continuation lines joined by "\n". */
export function parseConfigParserIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let section: Map<string, string> | undefined;
  let option: string | undefined;
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  lines.forEach((line, index) => {
    const at = `line ${index + 1}`;
    if (line.trim() === "" || /^[#;]/.test(line) || /^rem(\s|$)/i.test(line)) return;
    if (/^\s/.test(line)) {
      if (!section || !option) throw new SitePolicyError(`${at}: an indented line continues no option: ${JSON.stringify(line.trim())}`);
      section.set(option, `${section.get(option)}\n${stripInlineComment(line).trim()}`);
      return;
    }
    const header = /^\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      const name = header[1]!.trim();
      section = sections.get(name) ?? new Map();
      sections.set(name, section);
      option = undefined;
      return;
    }
    if (!section) throw new SitePolicyError(`${at}: an option before any [section] header`);
    const pair = /^([^=:\s][^=:]*?)\s*[=:]\s*(.*)$/.exec(line);
    if (!pair) throw new SitePolicyError(`${at}: neither a [section], an "option = value" nor a comment: ${JSON.stringify(line)}`);
    option = pair[1]!.toLowerCase();
    section.set(option, stripInlineComment(pair[2]!).trim());
  });
  return sections;
}

function stripInlineComment(value: string): string {
  const at = value.search(/\s;/);
  return at === -1 ? value : value.slice(0, at);
}

export function parseSitePolicy(text: string): SitePolicy {
  const policy: SitePolicy = { ...OPEN_SITE_POLICY };
  for (const [sectionName, options] of parseConfigParserIni(text)) {
    const known = OPTIONS[sectionName.toLowerCase()];
    if (!known)
      throw new SitePolicyError(
        `unknown section [${sectionName}]: the sections are ${Object.keys(OPTIONS)
          .map((s) => `[${s}]`)
          .join(", ")}`,
      );
    for (const [name, raw] of options) {
      if (!(name in known))
        throw new SitePolicyError(`unknown option "${name}" in [${sectionName}]: it takes ${Object.keys(known).join(", ")}`);
      const field = known[name];
      const values = raw
        .split("\n")
        .map((value) => value.trim())
        .filter(Boolean);
      if (field === null || field === undefined) continue;
      if (field === "minimumValidityDays") {
        if (!/^\d{1,5}$/.test(raw.trim()))
          throw new SitePolicyError(`[validity] minimumdays must be a whole number of days, not ${JSON.stringify(raw)}`);
        policy.minimumValidityDays = Number(raw.trim());
      } else if (field === "trustLabels") {
        const unknown = values.filter((value) => !(TRUST_LABELS as readonly string[]).includes(value));
        if (unknown.length)
          throw new SitePolicyError(
            `[trust] labels: unknown label ${unknown.map((u) => JSON.stringify(u)).join(", ")}; the labels are ${TRUST_LABELS.join(", ")}`,
          );
        policy.trustLabels = values as TrustLabel[];
      } else {
        policy[field] = field.endsWith("Checksums")
          ? values.map(normalizeHex)
          : field.endsWith("Endorsers")
            ? values.map((v) => v.toLowerCase())
            : values;
      }
    }
  }
  return policy;
}

/** Hex digests compare without case and leading zeros (the format allows both). */
export function normalizeHex(value: string): string {
  return value.toLowerCase().replace(/^0+(?=.)/, "");
}
