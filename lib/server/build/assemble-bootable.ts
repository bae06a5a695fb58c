import "server-only";
/**
 * The assemble stage of a bootable build (guide §3), without mounting anything: a whole disk with an
 * MBR partition table, a FAT EFI system partition holding GRUB for UEFI (`EFI/BOOT/BOOTX64.EFI`), and
 * the ext4 root filesystem; GRUB for BIOS is written into the MBR and the gap after it. Both GRUBs
 * carry an embedded configuration that finds the root by its label and reads the image's own
 * /boot/grub/grub.cfg, written into the root filesystem before it is made (bootConfigFiles).
 *
 * The GRUB images come from the host's grub-pc-bin and grub-efi-amd64-bin, which never touch the
 * host's own boot; the FAT is made with mkfs.fat --invariant and mtools, the table with sfdisk.
 */
import fs from "node:fs/promises";
import path from "node:path";
import type { ToolLog } from "./run-tool";
import { hostRunner } from "./sandbox";

const MIB = 1024 * 1024;
const ESP_MIB = 64;
const GRUB_MODULES = [
  "part_msdos",
  "part_gpt",
  "ext2",
  "fat",
  "search",
  "search_label",
  "linux",
  "normal",
  "configfile",
  "echo",
  "test",
  "boot",
];
const ROOT_LABEL = "rootfs";

/** The image's boot files, written into the root filesystem before mkfs: fstab and GRUB's configuration. */
export function bootConfigFiles(): { path: string; content: string; mode: number }[] {
  return [
    { path: "/etc/fstab", content: `LABEL=${ROOT_LABEL} / ext4 defaults,errors=remount-ro 0 1\n`, mode: 0o644 },
    {
      path: "/boot/grub/grub.cfg",
      content: [
        "# Written by the Marketplace's build: the kernel and initrd the image's own packages installed.",
        "set timeout=1",
        `search --no-floppy --label ${ROOT_LABEL} --set=root`,
        "menuentry 'Debian' {",
        `  linux /vmlinuz root=LABEL=${ROOT_LABEL} ro console=tty0 console=ttyS0,115200n8`,
        "  initrd /initrd.img",
        "}",
        "",
      ].join("\n"),
      mode: 0o644,
    },
  ];
}

const EMBEDDED_CONFIG = `search --no-floppy --label ${ROOT_LABEL} --set=root
configfile ($root)/boot/grub/grub.cfg
`;

export interface BootableOptions {
  /** The root ext4 filesystem (assembleExt4's output). */
  rootImage: string;
  output: string;
  scratchDir: string;
  signal?: AbortSignal;
  log?: ToolLog;
}

export async function assembleBootable(options: BootableOptions): Promise<void> {
  const { signal, log } = options;
  const tool = { signal, log, timeoutMs: 600_000 };
  const dir = path.join(options.scratchDir, "boot");
  await fs.mkdir(dir, { recursive: true });
  const embed = path.join(dir, "embed.cfg");
  await fs.writeFile(embed, EMBEDDED_CONFIG);

  const core = path.join(dir, "core.img");
  await hostRunner(["grub-mkimage", "-O", "i386-pc", "-o", core, "-p", "/boot/grub", "-c", embed, "biosdisk", ...GRUB_MODULES], tool);
  const efi = path.join(dir, "BOOTX64.EFI");
  await hostRunner(
    ["grub-mkimage", "-O", "x86_64-efi", "-o", efi, "-p", "/EFI/BOOT", "-c", embed, ...GRUB_MODULES, "efi_gop", "all_video"],
    tool,
  );

  const esp = path.join(dir, "esp.img");
  await fs.writeFile(esp, "");
  await fs.truncate(esp, ESP_MIB * MIB);
  await hostRunner(["mkfs.fat", "--invariant", "-i", "4d504c41", "-n", "ESP", esp], tool);
  await hostRunner(["mmd", "-i", esp, "::/EFI", "::/EFI/BOOT"], tool);
  await hostRunner(["mcopy", "-i", esp, efi, "::/EFI/BOOT/BOOTX64.EFI"], tool);

  const rootBytes = (await fs.stat(options.rootImage)).size;
  const rootSectors = Math.ceil(rootBytes / 512);
  const espStart = MIB / 512;
  const rootStart = espStart + (ESP_MIB * MIB) / 512;
  const total = (rootStart + rootSectors) * 512 + MIB;
  await fs.writeFile(options.output, "");
  await fs.truncate(options.output, total);
  const table = path.join(dir, "table.sfdisk");
  await fs.writeFile(
    table,
    `label: dos\nlabel-id: 0x4d504c41\nstart=${espStart}, size=${(ESP_MIB * MIB) / 512}, type=ef, bootable\nstart=${rootStart}, size=${rootSectors}, type=83\n`,
  );
  await hostRunner(["sfdisk", "--quiet", "--no-reread", "--no-tell-kernel", options.output], { ...tool, stdinFile: table });

  await copyInto(esp, options.output, espStart * 512);
  await copyInto(options.rootImage, options.output, rootStart * 512);
  // BIOS: boot.img's code in the MBR (the first 440 bytes, keeping the table), core.img in the gap after it.
  const bootImg = await fs.readFile("/usr/lib/grub/i386-pc/boot.img");
  const coreImg = await fs.readFile(core);
  if (coreImg.length > espStart * 512 - 512) throw new Error("GRUB's core image does not fit before the first partition");
  const disk = await fs.open(options.output, "r+");
  try {
    await disk.write(bootImg.subarray(0, 440), 0, 440, 0);
    await disk.write(coreImg, 0, coreImg.length, 512);
  } finally {
    await disk.close();
  }
  await fs.rm(dir, { recursive: true, force: true });
}

/** Copies `from` into `to` at `offset`, skipping blocks of zeros so the disk stays sparse. */
async function copyInto(from: string, to: string, offset: number): Promise<void> {
  const source = await fs.open(from, "r");
  const target = await fs.open(to, "r+");
  try {
    const buffer = Buffer.alloc(MIB);
    const zeros = Buffer.alloc(MIB);
    for (let position = 0; ; position += MIB) {
      const { bytesRead } = await source.read(buffer, 0, MIB, position);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      if (!chunk.equals(zeros.subarray(0, bytesRead))) await target.write(chunk, 0, bytesRead, offset + position);
    }
  } finally {
    await source.close();
    await target.close();
  }
}
