import "server-only";
/**
 * The contextualization agents a build installs (issue 10, reference section 7), as files for the
 * image: with them a built image is a "parameterized image" that reads its context disk at boot.
 *
 * - `cloud-init`: Debian's package, told to look only at disk sources (NoCloud `cidata`, config drive),
 *   so a boot without a metadata service does not wait probing one;
 * - `stratuslab`: a small systemd unit that finds the `_STRATUSLAB` ISO by its label, mounts it at
 *   /mnt/stratuslab as the original did, and runs its `init.sh` (the original's semantics: source
 *   context.sh, append PUBLIC_KEY to root's authorized_keys, run SCRIPT_EXEC); a disk without
 *   init.sh gets the same steps from the agent itself.
 */
import type { Recipe } from "@/lib/build/recipe";

export interface GuestFile {
  /** Absolute path inside the image. */
  path: string;
  content: string;
  mode: number;
}

export interface AgentInstall {
  packages: string[];
  files: GuestFile[];
  /** Symbolic links to make inside the image: [link, target] (enabling a unit without a running systemd). */
  links: [string, string][];
}

const STRATUSLAB_READER = `#!/bin/sh
# Reads the _STRATUSLAB contextualization disk (reference section 7.2), once per boot.
set -u
device=$(blkid -L _STRATUSLAB 2>/dev/null) || exit 0
mnt=/mnt/stratuslab
mkdir -p "$mnt"
mount -t iso9660 -o ro "$device" "$mnt" || { echo "STRATUSLAB-CONTEXT: cannot mount $device" >&2; exit 1; }
if [ -f "$mnt/init.sh" ]; then
  (cd "$mnt" && sh ./init.sh)
elif [ -f "$mnt/context.sh" ]; then
  set -a
  . "$mnt/context.sh"
  set +a
  if [ -n "\${PUBLIC_KEY:-}" ]; then
    mkdir -p /root/.ssh
    printf '%s\\n' "$PUBLIC_KEY" >> /root/.ssh/authorized_keys
    chmod 700 /root/.ssh
    chmod 600 /root/.ssh/authorized_keys
  fi
  if [ -n "\${SCRIPT_EXEC:-}" ]; then
    printf '%s\\n' "$SCRIPT_EXEC" > /tmp/init_extra.sh
    sh /tmp/init_extra.sh
  fi
fi
keys=$(wc -l < /root/.ssh/authorized_keys 2>/dev/null || echo 0)
echo "STRATUSLAB-CONTEXT: done, root has $keys authorized key(s)" > /dev/console 2>/dev/null || true
umount "$mnt"
`;

const STRATUSLAB_UNIT = `[Unit]
Description=StratusLab contextualization (_STRATUSLAB disk)
# Not ordered against cloud-init: its units run before sysinit.target, which this unit (default
# dependencies) comes after; "Before=cloud-init.service" would be a cycle that systemd breaks by
# dropping cloud-init's network stage.
After=local-fs.target
Before=ssh.service
ConditionPathExists=/usr/lib/stratuslab/stratuslab-context

[Service]
Type=oneshot
ExecStart=/usr/lib/stratuslab/stratuslab-context
RemainAfterExit=yes

[Install]
WantedBy=multi-user.target
`;

const CLOUD_INIT_SOURCES = `# Written by the Marketplace's build: read only disk sources, never wait for a metadata service.
datasource_list: [ NoCloud, ConfigDrive, None ]
`;

export function agentInstall(recipe: Pick<Recipe, "context">): AgentInstall {
  const install: AgentInstall = { packages: [], files: [], links: [] };
  if (recipe.context.includes("cloud-init")) {
    install.packages.push("cloud-init");
    install.files.push({ path: "/etc/cloud/cloud.cfg.d/90_marketplace_datasources.cfg", content: CLOUD_INIT_SOURCES, mode: 0o644 });
  }
  if (recipe.context.includes("stratuslab")) {
    install.files.push(
      { path: "/usr/lib/stratuslab/stratuslab-context", content: STRATUSLAB_READER, mode: 0o755 },
      { path: "/etc/systemd/system/stratuslab-context.service", content: STRATUSLAB_UNIT, mode: 0o644 },
    );
    install.links.push(["/etc/systemd/system/multi-user.target.wants/stratuslab-context.service", "../stratuslab-context.service"]);
  }
  return install;
}
