import "server-only";
/**
 * The customise stage (reference section 6.6, guide §2): inside the image, with the `chroot` driver,
 * give apt the host's sources (plus the recipe's) and behaviour, install the packages and the chosen
 * context agents with `--no-install-recommends`, run the recipe's scripts with their arguments and
 * time limits, and read back what dpkg resolved. Every step is one command of the driver, which runs it
 * in the image's own namespaces (sandbox.ts); the files it needs come in read-only at /run/build-input,
 * staged here in the work directory, so nothing on the host side ever writes through the image's paths.
 */
import fs from "node:fs/promises";
import path from "node:path";
import type { Recipe } from "@/lib/build/recipe";
import { bootConfigFiles } from "./assemble-bootable";
import { agentInstall } from "./guest-agents";
import type { HostApt } from "./host-apt";
import { runTool, type ToolLog, type ToolRun } from "./run-tool";
import { runInChroot, type ChrootOptions, type IdRange } from "./sandbox";

/** What runs commands inside an image; the pipeline's one point of difference between environments. */
export interface CustomiseDriver {
  readonly name: string;
  version(): Promise<string>;
  run(argv: readonly string[], options?: ChrootOptions): Promise<ToolRun>;
}

export function chrootDriver(range: IdRange, root: string): CustomiseDriver {
  return {
    name: "chroot",
    version: async () => (await runTool("unshare", ["--version"], { timeoutMs: 10_000 })).stdout.trim(),
    run: (argv, options) => runInChroot(range, root, argv, options),
  };
}

export interface CustomiseOptions {
  recipe: Recipe;
  driver: CustomiseDriver;
  /** A directory of the build's own (not the image's), readable by the image's root. */
  inputDir: string;
  hostApt: HostApt;
  signal?: AbortSignal;
  log?: ToolLog;
  /** 0..1 through the stage. */
  progress?: (fraction: number) => void;
}

export interface Customised {
  /** name -> version of every package the recipe and the agents asked for. */
  packages: { name: string; version: string }[];
}

const APT_TIMEOUT_MS = 30 * 60_000;

const PREPARE = `set -eu
in=/run/build-input
rm -f /etc/apt/sources.list
mkdir -p /etc/apt/sources.list.d /etc/apt/apt.conf.d
for f in "$in"/apt/sources/*; do [ -f "$f" ] && cp "$f" /etc/apt/sources.list.d/; done
for f in "$in"/apt/conf/*; do [ -f "$f" ] && cp "$f" "/etc/apt/apt.conf.d/00build-host-\${f##*/}"; done
if [ -e /etc/resolv.conf ] || [ -L /etc/resolv.conf ]; then mv /etc/resolv.conf /etc/resolv.conf.build-saved; fi
cp "$in/resolv.conf" /etc/resolv.conf
printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d
chmod 755 /usr/sbin/policy-rc.d
`;

const INSTALL_FILES = `set -eu
in=/run/build-input/files
tab=$(printf '\\t')
while IFS="$tab" read -r name mode target; do
  mkdir -p "$(dirname "$target")"
  rm -f "$target"
  cp "$in/$name" "$target"
  chmod "$mode" "$target"
done < "$in/list"
while IFS="$tab" read -r link target; do
  mkdir -p "$(dirname "$link")"
  ln -sfn "$target" "$link"
done < "$in/links"
`;

export async function customise(options: CustomiseOptions): Promise<Customised> {
  const { recipe, driver, signal, log } = options;
  const agents = agentInstall(recipe);
  if (recipe.bootable) {
    // A kernel, an init and its device manager; with cloud-init, what it configures the network with.
    agents.packages.unshift(
      "linux-image-amd64",
      "systemd-sysv",
      "udev",
      ...(recipe.context.includes("cloud-init") ? ["ifupdown", "isc-dhcp-client"] : []),
    );
    agents.files.push(...bootConfigFiles());
  }
  const wanted = [...new Set([...recipe.packages, ...agents.packages])];
  await stageInput(options.inputDir, recipe, options.hostApt, agents);
  const step = (argv: readonly string[], timeoutMs: number) => driver.run(argv, { input: options.inputDir, signal, log, timeoutMs });
  const total = 3 + recipe.scripts.length;
  let done = 0;
  const advance = () => options.progress?.(++done / total);

  log?.("preparing apt: the host's sources and settings, no daemons started", "stdout");
  await step(["sh", "-c", PREPARE, "prepare"], 120_000);
  if (wanted.length > 0) {
    log?.(`installing ${wanted.join(" ")}`, "stdout");
    await step(["apt-get", "update", "-q"], APT_TIMEOUT_MS);
    await step(
      ["apt-get", "install", "-y", "-q", "--no-install-recommends", "-o", "Dpkg::Options::=--force-confold", "--", ...wanted],
      APT_TIMEOUT_MS,
    );
  }
  advance();
  if (agents.files.length > 0 || agents.links.length > 0) await step(["sh", "-c", INSTALL_FILES, "install-files"], 120_000);
  advance();
  for (const script of recipe.scripts) {
    log?.(`running ${script.name}${script.args.length ? ` with ${script.args.length} argument(s)` : ""}`, "stdout");
    const file = `/run/build-input/scripts/${script.name}`;
    // A script with a #! line runs with its own interpreter; one without is a shell script, as the original ran them.
    const argv = script.content.startsWith("#!") ? [file, ...script.args] : ["sh", file, ...script.args];
    await step(argv, script.timeoutSeconds * 1000);
    advance();
  }
  const packages = wanted.length > 0 ? await installedVersions(step, wanted) : [];
  advance();
  return { packages };
}

async function installedVersions(
  step: (argv: readonly string[], timeoutMs: number) => Promise<ToolRun>,
  names: string[],
): Promise<{ name: string; version: string }[]> {
  const { stdout } = await step(["dpkg-query", "-W", "-f=${Package}\\t${Version}\\n", "--", ...names], 60_000);
  const versions = new Map(
    stdout
      .split("\n")
      .filter(Boolean)
      .map((line) => line.split("\t") as [string, string]),
  );
  return names.map((name) => ({ name, version: versions.get(name) ?? "" }));
}

/** Writes what the steps read at /run/build-input: apt's files, resolv.conf, the agents' files, the scripts. */
async function stageInput(dir: string, recipe: Recipe, hostApt: HostApt, agents: ReturnType<typeof agentInstall>): Promise<void> {
  const write = async (rel: string, content: string, mode = 0o644) => {
    const file = path.join(dir, rel);
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o755 });
    await fs.writeFile(file, content, { mode });
    await fs.chmod(file, mode);
  };
  await fs.mkdir(dir, { recursive: true, mode: 0o755 });
  for (const [name, content] of hostApt.sources) await write(`apt/sources/${name}`, content);
  for (const [i, text] of recipe.repositories.entries()) {
    const oneLine = /^deb(-src)?\s/.test(text.trim()) && !text.trim().includes("\n");
    await write(`apt/sources/recipe-${i + 1}.${oneLine ? "list" : "sources"}`, `${text.trim()}\n`);
  }
  for (const [name, content] of hostApt.confSnippets) await write(`apt/conf/${name}`, content);
  await write("resolv.conf", await fs.readFile("/etc/resolv.conf", "utf8").catch(() => ""));
  await write("files/list", agents.files.map((file, i) => `${i}\t${file.mode.toString(8)}\t${file.path}\n`).join(""));
  for (const [i, file] of agents.files.entries()) await write(`files/${i}`, file.content);
  await write("files/links", agents.links.map(([link, target]) => `${link}\t${target}\n`).join(""));
  for (const script of recipe.scripts) await write(`scripts/${script.name}`, script.content, 0o755);
}
