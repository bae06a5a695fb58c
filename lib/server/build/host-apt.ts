import "server-only";
/**
 * The host's apt configuration, which a built image gets as its own (guide §1: mmdebstrap writes only
 * `deb <mirror> bookworm main`, without -updates and -security, so a guest would miss security fixes
 * the host has). Read once per build: the deb822 `.sources` files and one-line `.list` files of
 * /etc/apt, the mirror to bootstrap from (the first source carrying the suite), and the apt.conf.d
 * snippets (proxies, Check-Valid-Until...) so apt inside behaves as it does outside.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { AppError } from "@/lib/errors";

export interface HostApt {
  /** The URI to bootstrap `suite` from. */
  mirror: string;
  /** File name -> content, for /etc/apt/sources.list.d/ in the guest. */
  sources: Map<string, string>;
  /** File name -> content, for /etc/apt/apt.conf.d/ in the guest. */
  confSnippets: Map<string, string>;
}

export async function readHostApt(suite: string, etcApt = "/etc/apt"): Promise<HostApt> {
  const sources = new Map<string, string>();
  const listDir = path.join(etcApt, "sources.list.d");
  for (const name of (await readdirOrEmpty(listDir)).sort()) {
    if (name.endsWith(".sources") || name.endsWith(".list")) sources.set(name, await fs.readFile(path.join(listDir, name), "utf8"));
  }
  const main = await fs.readFile(path.join(etcApt, "sources.list"), "utf8").catch(() => "");
  if (main.trim()) sources.set("host.list", main);

  const confSnippets = new Map<string, string>();
  const confDir = path.join(etcApt, "apt.conf.d");
  for (const name of (await readdirOrEmpty(confDir)).sort()) {
    const stat = await fs.stat(path.join(confDir, name));
    if (stat.isFile() && /^[A-Za-z0-9_.-]+$/.test(name)) confSnippets.set(name, await fs.readFile(path.join(confDir, name), "utf8"));
  }

  const mirror = mirrorFor(suite, sources);
  if (!mirror) {
    throw new AppError("unavailable", `the build host has no apt source for ${suite}: add one to /etc/apt/sources.list.d to build from it`);
  }
  return { mirror, sources, confSnippets };
}

/** The first source (deb822 stanza or `deb` line) whose suites include `suite` exactly. */
export function mirrorFor(suite: string, sources: ReadonlyMap<string, string>): string | undefined {
  for (const [name, text] of sources) {
    if (name.endsWith(".sources")) {
      for (const stanza of text.split(/\n\s*\n/)) {
        const field = (key: string) => new RegExp(`^${key}:\\s*(.*)$`, "im").exec(stanza)?.[1]?.trim();
        const types = field("Types")?.split(/\s+/) ?? [];
        if (types.includes("deb") && field("Suites")?.split(/\s+/).includes(suite) && field("Enabled")?.toLowerCase() !== "no") {
          const uri = field("URIs")?.split(/\s+/)[0];
          if (uri) return uri;
        }
      }
    } else {
      for (const raw of text.split("\n")) {
        const match = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(raw.trim());
        if (match && match[2] === suite) return match[1];
      }
    }
  }
  return undefined;
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch {
    return [];
  }
}
