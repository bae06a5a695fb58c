import "server-only";
/**
 * The clean-up stage (reference section 6.6): what the build put in only for itself goes (apt's
 * host settings, policy-rc.d, the host's resolv.conf, downloaded lists and packages), what must differ
 * between machines made from the image goes (SSH host keys, machine-id, root's authorized_keys and
 * known_hosts, /tmp: the original's `--exclude` default, plus the recipe's own paths), and what differs
 * between two builds of the same recipe goes (logs, caches with times in them). Then every file's time
 * is set to the build's epoch, so the same recipe gives the same bytes.
 *
 * Runs inside the image (the driver), so a path or a link in it can only ever name the image's files.
 * The recipe's exclude patterns are positional parameters, expanded as globs with IFS empty (no word
 * splitting), never spliced into the script.
 */
import type { Recipe } from "@/lib/build/recipe";
import { clampTimes } from "./clamp-times";
import type { CustomiseDriver } from "./customise";
import type { ToolLog } from "./run-tool";
import type { Runner } from "./sandbox";

const CLEAN = `set -u
if command -v apt-get >/dev/null 2>&1; then apt-get clean; fi
rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin
rm -f /etc/apt/apt.conf.d/00build-host-* /usr/sbin/policy-rc.d
rm -f /etc/resolv.conf
if [ -e /etc/resolv.conf.build-saved ] || [ -L /etc/resolv.conf.build-saved ]; then mv /etc/resolv.conf.build-saved /etc/resolv.conf; fi
if [ -e /etc/machine-id ]; then : > /etc/machine-id; fi
rm -f /var/lib/dbus/machine-id
find /var/log -type f \\( -name '*.log' -o -name '*.log.*' -o -name 'lastlog' -o -name 'wtmp' -o -name 'btmp' \\) -delete 2>/dev/null
rm -f /var/cache/ldconfig/aux-cache /var/lib/dpkg/*-old /var/cache/debconf/*-old /etc/*-
rm -rf /root/.cache /var/tmp/*
IFS=
for pattern in "$@"; do
  for path in $pattern; do
    case "$path" in /*) rm -rf -- "$path" ;; esac
  done
done
`;

export interface CleanUpOptions {
  recipe: Recipe;
  driver: CustomiseDriver;
  root: string;
  epochSeconds: number;
  /** Runs host tools as the image's root (the time clamp). */
  run: Runner;
  signal?: AbortSignal;
  log?: ToolLog;
}

export async function cleanUp(options: CleanUpOptions): Promise<void> {
  const { recipe, driver, signal, log } = options;
  log?.(`removing ${recipe.exclude.join(" ")} and what the build left`, "stdout");
  await driver.run(["sh", "-c", CLEAN, "clean-up", ...recipe.exclude], { signal, log, timeoutMs: 600_000 });
  await clampTimes(options.root, options.epochSeconds, (argv, toolOptions) => options.run(argv, { ...toolOptions, signal, log }));
}
