/**
 * The files of the two contextualization disks (reference section 7; guide §4): `context.sh` of the
 * `_STRATUSLAB` ISO, which the StratusLab agent in the image sources as shell, and `user-data` /
 * `meta-data` of cloud-init's NoCloud `cidata` ISO. Making the ISOs from them is the build worker's.
 *
 * Every value here comes from a user (a public key, a host name, extra context), and the agent runs
 * `. context.sh` as root at boot: each value is written so that the shell reads it back byte for byte
 * and runs none of it, and names are held to the shell's grammar.
 */
import { parse as parseYaml } from "yaml";

/** OpenNebula's convention: upper-case names, such as PUBLIC_KEY or TARGET. */
const CONTEXT_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
const INSTANCE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** An OpenSSH public key line: type, base64 body, optional comment; nothing that could be an option. */
const PUBLIC_KEY =
  /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]+={0,3}( [^\u0000-\u001f\u007f]{1,200})?$/;

export class ContextError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "ContextError";
  }
}

/** Checks one public key line (comment lines dropped by the caller, as the original client did). */
export function checkPublicKey(line: string, field = "publicKey"): string {
  const key = line.trim();
  if (!PUBLIC_KEY.test(key)) throw new ContextError(field, "an OpenSSH public key line, such as ssh-ed25519 AAAA... you@host");
  return key;
}

/** A value inside double quotes that POSIX sh reads back exactly: only \, ", $ and ` are special there. */
export function shellDoubleQuoted(value: string): string {
  if (value.includes("\u0000")) throw new ContextError("value", "must not contain NUL characters");
  return `"${value.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
}

/**
 * `context.sh`: `NAME="value"` lines in the order given, PUBLIC_KEY first when there is one (the
 * agent appends it to root's authorized_keys).
 */
export function contextShell(variables: Record<string, string>): string {
  const lines = ["# Context of this virtual machine (StratusLab). Sourced by the contextualization agent."];
  const names = Object.keys(variables).sort((a, b) => Number(b === "PUBLIC_KEY") - Number(a === "PUBLIC_KEY"));
  for (const name of names) {
    if (!CONTEXT_NAME.test(name))
      throw new ContextError(name, "a context name is upper-case letters, digits and _, starting with a letter");
    const value = name === "PUBLIC_KEY" ? checkPublicKey(variables[name]!, name) : variables[name]!;
    lines.push(`${name}=${shellDoubleQuoted(value)}`);
  }
  return `${lines.join("\n")}\n`;
}

export interface CloudInitSeed {
  instanceId: string;
  hostname?: string;
  authorizedKeys: string[];
}

/** NoCloud's `meta-data`: the instance id (a new one makes cloud-init run again) and the host name. */
export function cloudInitMetaData(seed: CloudInitSeed): string {
  if (!INSTANCE_ID.test(seed.instanceId)) throw new ContextError("instanceId", "1 to 128 of A-Z, a-z, 0-9, ., - and _");
  const lines = [`instance-id: ${seed.instanceId}`];
  if (seed.hostname !== undefined) lines.push(`local-hostname: ${checkHostname(seed.hostname)}`);
  return `${lines.join("\n")}\n`;
}

/**
 * NoCloud's `user-data`: a `#cloud-config` whose body is JSON, which every YAML parser (cloud-init's
 * included) reads as the same mapping, so no value can break out of its string.
 */
export function cloudInitUserData(seed: CloudInitSeed): string {
  const keys = seed.authorizedKeys.map((key, i) => checkPublicKey(key, `authorizedKeys[${i}]`));
  const config: Record<string, unknown> = { ssh_authorized_keys: keys, disable_root: false };
  if (seed.hostname !== undefined) config.hostname = checkHostname(seed.hostname);
  return `#cloud-config\n${JSON.stringify(config, null, 2)}\n`;
}

function checkHostname(hostname: string): string {
  if (!HOSTNAME.test(hostname)) throw new ContextError("hostname", "a host name: lowercase letters, digits, - and dots");
  return hostname;
}

/** The most a user-given user-data may be (cloud-init reads far more; a seed disk need not). */
export const MAX_USER_DATA_BYTES = 64 * 1024;

/**
 * NoCloud's `user-data` from what a user gave: a shell script (`#!`) as it is, or a `#cloud-config`
 * that must parse as a YAML mapping, written back as JSON with the authorized keys added; nothing
 * given, the generated one.
 */
export function cloudInitUserDataFrom(seed: CloudInitSeed, userData?: string): string {
  if (userData === undefined || userData.trim() === "") return cloudInitUserData(seed);
  if (new TextEncoder().encode(userData).byteLength > MAX_USER_DATA_BYTES) {
    throw new ContextError("userData", `at most ${MAX_USER_DATA_BYTES / 1024} KiB`);
  }
  if (userData.startsWith("#!")) {
    if (seed.authorizedKeys.length > 0)
      throw new ContextError("userData", "a script cannot carry the public key: give a #cloud-config instead");
    return userData;
  }
  if (!/^#cloud-config[ \t]*\r?\n/.test(userData)) {
    throw new ContextError("userData", 'must start with "#cloud-config" (a cloud-config) or "#!" (a script)');
  }
  let config: unknown;
  try {
    config = parseYaml(userData, { maxAliasCount: 100 });
  } catch (error) {
    throw new ContextError("userData", `is not valid YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  if (config === null || typeof config !== "object" || Array.isArray(config))
    throw new ContextError("userData", "a cloud-config is a mapping of keys");
  const keys = seed.authorizedKeys.map((key, i) => checkPublicKey(key, `authorizedKeys[${i}]`));
  const merged = { ...(config as Record<string, unknown>) };
  if (keys.length > 0) {
    const given = Array.isArray(merged.ssh_authorized_keys) ? (merged.ssh_authorized_keys as unknown[]) : [];
    merged.ssh_authorized_keys = [...given, ...keys];
    merged.disable_root ??= false;
  }
  if (seed.hostname !== undefined) merged.hostname ??= checkHostname(seed.hostname);
  return `#cloud-config\n${JSON.stringify(merged, null, 2)}\n`;
}

/**
 * The `_STRATUSLAB` disk's `init.sh` (reference section 7.2, the original's semantics): source
 * context.sh, append PUBLIC_KEY to root's authorized_keys, and run SCRIPT_EXEC with every context
 * variable exported.
 */
export const STRATUSLAB_INIT_SH = `#!/bin/sh
# StratusLab contextualization: run from the mounted _STRATUSLAB disk.
. /mnt/stratuslab/context.sh
mkdir -p /root/.ssh
if [ -n "\${PUBLIC_KEY:-}" ]; then
  printf '%s\\n' "$PUBLIC_KEY" >> /root/.ssh/authorized_keys
fi
chmod -R 600 /root/.ssh/
chmod 700 /root/.ssh
if [ -n "\${SCRIPT_EXEC:-}" ]; then
  for name in $(sed -n 's/^\\([a-zA-Z_0-9-]*\\)=.*/\\1/p' /mnt/stratuslab/context.sh); do export "$name"; done
  printf '%s\\n' "$SCRIPT_EXEC" > /tmp/init_extra.sh
  sh /tmp/init_extra.sh
fi
`;

/** `epilog.sh`: the same from the current directory, and root's authorized_keys is replaced, not added to. */
export const STRATUSLAB_EPILOG_SH = `#!/bin/sh
# StratusLab contextualization, late in boot: context.sh from the current directory.
. ./context.sh
mkdir -p /root/.ssh
if [ -n "\${PUBLIC_KEY:-}" ]; then
  printf '%s\\n' "$PUBLIC_KEY" > /root/.ssh/authorized_keys
fi
chmod -R 600 /root/.ssh/
chmod 700 /root/.ssh
if [ -n "\${SCRIPT_EXEC:-}" ]; then
  for name in $(sed -n 's/^\\([a-zA-Z_0-9-]*\\)=.*/\\1/p' ./context.sh); do export "$name"; done
  printf '%s\\n' "$SCRIPT_EXEC" > /tmp/init_extra.sh
  sh /tmp/init_extra.sh
fi
`;

/** `prolog.sh`: empty, as the original's. */
export const STRATUSLAB_PROLOG_SH = "#!/bin/sh\n";
