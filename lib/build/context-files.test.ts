import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  cloudInitMetaData,
  cloudInitUserData,
  cloudInitUserDataFrom,
  contextShell,
  ContextError,
  shellDoubleQuoted,
} from "./context-files";

const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl jane@laptop";

/** What /bin/sh gets for `name` after sourcing `script`, and whether sourcing ran anything else. */
function sourced(script: string, names: string[]): Record<string, string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "context-sh-"));
  try {
    fs.writeFileSync(path.join(dir, "context.sh"), script);
    // Printed NUL-separated, so any byte of a value comes back as it is.
    const out = execFileSync(
      "/bin/sh",
      ["-c", `cd "$1" && . ./context.sh && shift && for n in "$@"; do eval "printf '%s\\0' \\"\\$$n\\""; done`, "sh", dir, ...names],
      {
        encoding: "utf8",
      },
    );
    const values = out.split("\u0000").slice(0, -1);
    expect(fs.existsSync(path.join(dir, "pwned")), "a value ran a command").toBe(false);
    return Object.fromEntries(names.map((name, i) => [name, values[i]!]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("context.sh", () => {
  it("is read back by sh byte for byte, whatever the values, and runs none of them", () => {
    const hostile = {
      PUBLIC_KEY: KEY,
      TARGET: "hdd",
      EXTRA: 'a "quoted" $HOME `touch pwned` $(touch pwned) \\ back\\slash',
      MULTI: "line one\nline two; touch pwned",
      UNICODE: "café ✓",
      EMPTY: "",
    };
    const script = contextShell(hostile);
    expect(script.split("\n")[1]).toBe(`PUBLIC_KEY="${KEY}"`);
    expect(sourced(script, Object.keys(hostile))).toEqual(hostile);
  });

  it("refuses names the shell or OpenNebula would not take, and a key that is not one line of OpenSSH", () => {
    for (const name of ["lower", "1ST", "A-B", "A B", "PATH;X", ""])
      expect(() => contextShell({ [name]: "x" }), name).toThrow(ContextError);
    for (const key of [
      "not a key",
      `${KEY}\nssh-rsa AAAA injected`,
      'command="/bin/sh" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 x',
      "ssh-ed25519 AAAA$(id)",
      `${KEY}\u0007`,
    ])
      expect(() => contextShell({ PUBLIC_KEY: key }), key).toThrow(/PUBLIC_KEY: an OpenSSH public key line/);
    expect(() => shellDoubleQuoted("a\u0000b")).toThrow(/NUL/);
  });
});

describe("cloud-init NoCloud seed", () => {
  it("writes meta-data with the instance id and host name, user-data as #cloud-config JSON", () => {
    const seed = { instanceId: "build-42", hostname: "nginx-appliance", authorizedKeys: [KEY] };
    expect(cloudInitMetaData(seed)).toBe("instance-id: build-42\nlocal-hostname: nginx-appliance\n");
    const userData = cloudInitUserData(seed);
    expect(userData.startsWith("#cloud-config\n")).toBe(true);
    expect(JSON.parse(userData.slice("#cloud-config\n".length))).toEqual({
      ssh_authorized_keys: [KEY],
      disable_root: false,
      hostname: "nginx-appliance",
    });
  });

  it("keeps a key's comment inside its string, and refuses what is not a host name or an instance id", () => {
    const tricky = `${KEY.split(" jane")[0]} "quote": {brace} # hash`;
    const body = JSON.parse(cloudInitUserData({ instanceId: "i", authorizedKeys: [tricky] }).slice(14)) as {
      ssh_authorized_keys: string[];
    };
    expect(body.ssh_authorized_keys).toEqual([tricky]);
    expect(() => cloudInitMetaData({ instanceId: "i", hostname: "Bad_Host", authorizedKeys: [] })).toThrow(/hostname: a host name/);
    expect(() => cloudInitMetaData({ instanceId: "a\nlocal-hostname: evil", authorizedKeys: [] })).toThrow(/instanceId/);
    expect(() => cloudInitUserData({ instanceId: "i", authorizedKeys: ["nope"] })).toThrow(/authorizedKeys\[0\]/);
  });
});

describe("user-data a user gives", () => {
  const seed = { instanceId: "iid-1", authorizedKeys: [] as string[] };
  const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB7pZ6nGm6zjbJ6c0rZ5VYwq7Y3u1G3V0bJ7x4a9o1zN me@host";

  it("keeps a script, rewrites a cloud-config as JSON with the keys added, refuses anything else", () => {
    expect(cloudInitUserDataFrom(seed, "#!/bin/sh\necho hi\n")).toBe("#!/bin/sh\necho hi\n");
    const merged = cloudInitUserDataFrom({ ...seed, authorizedKeys: [key] }, "#cloud-config\npackages: [htop]\n");
    expect(merged.startsWith("#cloud-config\n")).toBe(true);
    expect(JSON.parse(merged.slice("#cloud-config\n".length))).toEqual({
      packages: ["htop"],
      ssh_authorized_keys: [key],
      disable_root: false,
    });
    expect(() => cloudInitUserDataFrom(seed, "packages: [htop]\n")).toThrow(/must start with "#cloud-config"/);
    expect(() => cloudInitUserDataFrom(seed, "#cloud-config\n- a list\n")).toThrow(/a mapping/);
    expect(() => cloudInitUserDataFrom(seed, "#cloud-config\nkey: [unclosed\n")).toThrow(/not valid YAML/);
    expect(() => cloudInitUserDataFrom({ ...seed, authorizedKeys: [key] }, "#!/bin/sh\n")).toThrow(/cannot carry the public key/);
  });
});
