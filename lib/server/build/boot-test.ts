import "server-only";
/**
 * The boot test of a bootable build (issue 10, guide §4): the disk is booted once under QEMU with TCG
 * (KVM is never assumed from /dev/kvm: on this machine class it aborts or hangs), through SeaBIOS and
 * the disk's own GRUB, with a context disk for each agent the image has, and the serial console read
 * until every agent has said it ran:
 *
 * - `_STRATUSLAB`: its SCRIPT_EXEC prints root's authorized_keys, which must hold the disk's PUBLIC_KEY;
 * - cloud-init: its runcmd prints a marker (NoCloud, `cidata`);
 * - neither: systemd reaching its multi-user target.
 *
 * Then QEMU is stopped. The disk is opened with snapshot=on: the test changes nothing in the image.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { BuildBootResult } from "@/lib/build/build-status";
import { makeContextDisk } from "./context-disk";
import { BuildCancelled, runTool } from "./run-tool";

const STRATUSLAB_MARKER = "BOOT-TEST-STRATUSLAB-KEYS:";
const CLOUD_INIT_MARKER = "BOOT-TEST-CLOUD-INIT-RAN";
const SYSTEMD_MARKER = /Reached target .*Multi-User System/;

export interface BootTestOptions {
  disk: string;
  format: "raw" | "qcow2";
  contexts: readonly string[];
  scratchDir: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export async function bootTest(options: BootTestOptions): Promise<BuildBootResult> {
  const key = `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${randomBytes(32).toString("base64").replace(/=+$/, "")} boot-test@marketplace`;
  const drives: string[] = [];
  const wanted: ((serial: string) => boolean)[] = [];
  if (options.contexts.includes("stratuslab")) {
    const iso = path.join(options.scratchDir, "boot-test-stratuslab.iso");
    const poweroff = options.contexts.includes("cloud-init") ? "" : "; systemctl poweroff";
    await fs.writeFile(
      iso,
      await makeContextDisk({
        scheme: "stratuslab",
        publicKey: key,
        vars: { SCRIPT_EXEC: `echo "${STRATUSLAB_MARKER} $(cat /root/.ssh/authorized_keys | tr '\\n' ' ')" > /dev/console${poweroff}` },
      }),
    );
    drives.push(iso);
    wanted.push((serial) => serial.split("\n").some((line) => line.includes(STRATUSLAB_MARKER) && line.includes(key)));
  }
  if (options.contexts.includes("cloud-init")) {
    const iso = path.join(options.scratchDir, "boot-test-cidata.iso");
    const userData = `#cloud-config\n${JSON.stringify({
      runcmd: [["sh", "-c", `echo ${CLOUD_INIT_MARKER} > /dev/console`]],
      power_state: { mode: "poweroff", delay: "now", condition: true },
    })}\n`;
    await fs.writeFile(iso, await makeContextDisk({ scheme: "cloud-init", userData, hostname: "boot-test" }));
    drives.push(iso);
    wanted.push((serial) => serial.includes(CLOUD_INIT_MARKER));
  }
  if (wanted.length === 0) wanted.push((serial) => SYSTEMD_MARKER.test(serial));

  const args = [
    "-accel",
    "tcg,thread=multi",
    "-machine",
    "q35",
    "-smp",
    "2",
    "-m",
    "1024",
    "-nographic",
    "-nodefaults",
    "-serial",
    "stdio",
    "-no-reboot",
    "-nic",
    "none",
    "-drive",
    `file=${options.disk},format=${options.format},if=virtio,snapshot=on`,
    ...drives.flatMap((iso) => ["-drive", `file=${iso},format=raw,if=virtio,readonly=on`]),
  ];
  const seen = new AbortController();
  let serial = "";
  const started = Date.now();
  try {
    await runTool("qemu-system-x86_64", args, {
      timeoutMs: options.timeoutMs ?? 300_000,
      signal: options.signal ? AbortSignal.any([options.signal, seen.signal]) : seen.signal,
      log: (line) => {
        const clean = line.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "");
        serial += `${clean}\n`;
        if (serial.length > 1_000_000) serial = serial.slice(-500_000);
        options.log?.(clean);
        if (wanted.every((check) => check(serial))) seen.abort();
      },
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    if (!(error instanceof BuildCancelled) && !wanted.every((check) => check(serial))) {
      return { passed: false, seconds: Math.round((Date.now() - started) / 1000), detail: failure(error, serial) };
    }
  }
  const passed = wanted.every((check) => check(serial));
  return {
    passed,
    seconds: Math.round((Date.now() - started) / 1000),
    detail: passed ? `booted and contextualized (${options.contexts.join(", ") || "no context agent"})` : failure(undefined, serial),
  };
}

function failure(error: unknown, serial: string): string {
  const why = error instanceof Error ? error.message.split("\n")[0] : "the machine stopped before every agent had run";
  return `${why}\n--- the end of the serial console ---\n${serial.slice(-4000)}`;
}
