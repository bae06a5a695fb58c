import "server-only";
/**
 * Where every step that touches an image's files runs: a user namespace in which the build is root
 * over a range of subordinate ids (/etc/subuid, written by `newuidmap`) and nothing else, plus private
 * mount and PID namespaces (`unshare --user --mount --pid --fork --kill-child`). So:
 *
 * - a recipe's script or a package's postinst runs as "root" inside the image but as an unprivileged id
 *   outside it: an escape from the chroot finds a host it cannot write to, no devices it may create, no
 *   file it may read that any other user could not (the build needs none of the server's privileges);
 * - every mount (/proc, /dev, /run) and every process a step starts live in its namespaces and are gone
 *   when the step ends, is cancelled, or the server dies (inNamespaces): nothing to unmount, nothing left running.
 *
 * The image's files belong to the range on the host (its root is `range.uid`), so extracting a base,
 * changing files and making the filesystem from them (`mkfs.ext4 -d`, tar) all run in the namespace too,
 * where they see the ids the image itself holds.
 *
 * /dev inside is not the host's: only null, zero, full, random, urandom, tty and a private devpts.
 * The in-namespace set-up is the constant script below, given the root and the command as positional
 * parameters: nothing a recipe says is ever part of a shell string.
 */
import fs from "node:fs/promises";
import os from "node:os";
import { AppError } from "@/lib/errors";
import { runTool, type ToolOptions, type ToolRun } from "./run-tool";

export interface IdRange {
  /** The host id that is root inside. */
  uid: number;
  gid: number;
  /** 65536: a Debian system uses ids up to nobody (65534). */
  count: number;
}

const NEEDED_IDS = 65_536;

/** The first subordinate id ranges of the server's user large enough for an image. */
export async function buildIdRange(files = { subuid: "/etc/subuid", subgid: "/etc/subgid" }): Promise<IdRange> {
  const user = os.userInfo();
  const find = async (file: string) => {
    const text = await fs.readFile(file, "utf8").catch(() => "");
    for (const line of text.split("\n")) {
      const [owner, start, count] = line.trim().split(":");
      if ((owner === user.username || owner === String(user.uid)) && Number(count) >= NEEDED_IDS) return Number(start);
    }
    return undefined;
  };
  const [uid, gid] = [await find(files.subuid), await find(files.subgid)];
  if (uid === undefined || gid === undefined) {
    throw new AppError(
      "unavailable",
      `image builds need ${NEEDED_IDS} subordinate user and group ids for ${user.username} (in /etc/subuid and /etc/subgid), ` +
        `and the uidmap package: as root, run "usermod --add-subuids 1000000-1065535 --add-subgids 1000000-1065535 ${user.username}"`,
    );
  }
  return { uid, gid, count: NEEDED_IDS };
}

function namespaceArgs(range: IdRange): string[] {
  return [
    "--user",
    `--map-users=${range.uid},0,${range.count}`,
    `--map-groups=${range.gid},0,${range.count}`,
    "--setuid=0",
    "--setgid=0",
    "--mount",
    "--pid",
    "--fork",
    "--kill-child",
  ];
}

/** Runs a host tool given as argv: the server itself (hostRunner) or the image's root (imageRootRunner). */
export type Runner = (argv: readonly string[], options?: ToolOptions) => Promise<ToolRun>;

export const hostRunner: Runner = (argv, options) => {
  const [command, ...args] = argv;
  if (!command) throw new Error("a runner needs a command");
  return runTool(command, args, options);
};

/**
 * `unshare` with its namespaces around `argv`, so that nothing outlives the server: `unshare` gets
 * SIGKILL when the server dies (setpriv's parent-death signal, kept across exec), and the namespace's
 * first process gets it when `unshare` dies (set again inside: --kill-child's own is cleared when the
 * process becomes the namespace's root), and with it every process of the PID namespace.
 */
export function inNamespaces(namespaces: readonly string[], argv: readonly string[]): [string, string[]] {
  return ["setpriv", ["--pdeathsig", "KILL", "--", "unshare", ...namespaces, "--", "setpriv", "--pdeathsig", "KILL", "--", ...argv]];
}

/** A host tool (tar, mkfs.ext4, find, rm) as the range's root, in fresh namespaces. */
export function runAsImageRoot(range: IdRange, argv: readonly string[], options: ToolOptions = {}): Promise<ToolRun> {
  if (argv.length === 0) throw new Error("runAsImageRoot needs a command");
  const [command, args] = inNamespaces(namespaceArgs(range), argv);
  return runTool(command, args, options);
}

export const imageRootRunner =
  (range: IdRange): Runner =>
  (argv, options) =>
    runAsImageRoot(range, argv, options);

const CHROOT_SETUP = `set -eu
root=$1; shift
for dir in proc sys dev run tmp; do
  if [ -L "$root/$dir" ]; then echo "the image's /$dir is a symbolic link: refusing to mount over it" >&2; exit 90; fi
  mkdir -p "$root/$dir"
done
mount --make-rprivate /
mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys"
mount -t tmpfs -o mode=0755,nosuid dev "$root/dev"
for node in null zero full random urandom tty; do
  touch "$root/dev/$node"
  mount --bind "/dev/$node" "$root/dev/$node"
done
mkdir -p "$root/dev/pts" "$root/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts"
ln -s pts/ptmx "$root/dev/ptmx"
mount -t tmpfs -o mode=1777 shm "$root/dev/shm"
ln -s /proc/self/fd "$root/dev/fd"
mount -t tmpfs -o mode=0755 run "$root/run"
if [ -n "\${BUILD_INPUT:-}" ]; then
  mkdir -p "$root/run/build-input"
  mount --rbind "$BUILD_INPUT" "$root/run/build-input"
fi
unset BUILD_INPUT
exec chroot "$root" "$@"
`;

/** The environment every step inside the image starts from. */
const GUEST_ENV = {
  PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
  HOME: "/root",
  DEBIAN_FRONTEND: "noninteractive",
  LC_ALL: "C.UTF-8",
};

export interface ChrootOptions extends ToolOptions {
  /** A host directory shown at /run/build-input inside (the recipe's scripts, files to copy in). */
  input?: string;
}

/** A command of the image itself, chrooted into `root`, as the range's root, in fresh namespaces. */
export function runInChroot(range: IdRange, root: string, argv: readonly string[], options: ChrootOptions = {}): Promise<ToolRun> {
  const { input, env, ...rest } = options;
  const [command, args] = inNamespaces(namespaceArgs(range), ["sh", "-c", CHROOT_SETUP, "chroot-step", root, ...argv]);
  return runTool(command, args, { ...rest, env: { ...GUEST_ENV, ...env, ...(input ? { BUILD_INPUT: input } : {}) } });
}

/** Makes `dir` the range root's own, so the namespace's root may write there (the build's work directory). */
export async function giveToImageRoot(range: IdRange, dir: string): Promise<void> {
  if (process.getuid?.() === 0) await fs.chown(dir, range.uid, range.gid);
  // Not root: newuidmap mapped the server's own user to nothing inside; the directory is made
  // writable by the range through its mode instead, and it is private to the server's work directory.
  else await fs.chmod(dir, 0o777);
}

/** Removes a work directory whose files belong to the range (the namespace's root may delete them all). */
export async function removeImageTree(range: IdRange, dir: string): Promise<void> {
  try {
    await fs.access(dir);
  } catch {
    return;
  }
  if (process.getuid?.() !== 0) await runAsImageRoot(range, ["rm", "-rf", "--one-file-system", "--", dir], { timeoutMs: 300_000 });
  await fs.rm(dir, { recursive: true, force: true });
}
