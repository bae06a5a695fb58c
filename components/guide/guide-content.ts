/**
 * The guide's commands (issue 11, the original's "customized images" tutorial for this Marketplace),
 * as argv arrays: the page shows them quoted for a shell, and e2e/http/guide-commands.build.test.ts runs
 * every one of them, in this order, against a real server, so the guide cannot drift from the CLI.
 * `<endpoint>` is this Marketplace's address; the `<...>` words of the download are what the reader
 * fills in (the test fills them with what the earlier commands made). The example email and name are
 * the test's own account.
 */

export interface GuideCommand {
  id: string;
  /** Where it is typed: on the author's computer, or inside a running machine. */
  where: "computer" | "machine";
  argv: readonly string[];
}

export const ENDPOINT = "<endpoint>";

export const GUIDE_COMMANDS = {
  contextDisk: {
    id: "context-disk",
    where: "computer",
    argv: [
      "marketplace",
      "context-disk",
      "--scheme",
      "stratuslab",
      "-k",
      "id_ed25519.pub",
      "--var",
      "HOSTNAME=web1",
      "-o",
      "context.iso",
      "--marketplace-endpoint",
      ENDPOINT,
    ],
  },
  findDisk: { id: "find-disk", where: "machine", argv: ["blkid", "-L", "_STRATUSLAB"] },
  mountDisk: { id: "mount-disk", where: "machine", argv: ["mount", "-t", "iso9660", "-o", "ro", "/dev/sr0", "/mnt"] },
  readContext: { id: "read-context", where: "machine", argv: ["cat", "/mnt/context.sh"] },
  login: {
    id: "login",
    where: "computer",
    argv: ["marketplace", "login", "--email", "you@example.org", "--marketplace-endpoint", ENDPOINT],
  },
  createImage: {
    id: "create-image",
    where: "computer",
    argv: [
      "marketplace",
      "create-image",
      "--bootstrap",
      "debian:bookworm",
      "-a",
      "hello",
      "-s",
      "setup.sh",
      "--title",
      "Debian 12 with hello",
      "--marketplace-endpoint",
      ENDPOINT,
    ],
  },
  buildMetadata: {
    id: "build-metadata",
    where: "computer",
    argv: [
      "marketplace",
      "build-metadata",
      "appliance.img",
      "--location",
      "https://images.example.org/appliance.img",
      "--title",
      "My appliance",
      "--os",
      "Debian",
      "--os-version",
      "12",
      "-o",
      "appliance.xml",
    ],
  },
  createCertificate: {
    id: "create-certificate",
    where: "computer",
    argv: ["marketplace", "create-certificate", "--email", "you@example.org", "--name", "Your Name"],
  },
  signMetadata: {
    id: "sign-metadata",
    where: "computer",
    argv: ["marketplace", "sign-metadata", "appliance.xml", "-o", "appliance-signed.xml"],
  },
  validateMetadata: { id: "validate-metadata", where: "computer", argv: ["marketplace", "validate-metadata", "appliance-signed.xml"] },
  uploadMetadata: {
    id: "upload-metadata",
    where: "computer",
    argv: ["marketplace", "upload-metadata", "appliance-signed.xml", "--marketplace-endpoint", ENDPOINT],
  },
  downloadEntry: {
    id: "download-entry",
    where: "computer",
    argv: ["curl", "-fsS", "-o", "entry.xml", `${ENDPOINT}/metadata/<identifier>/<email>/<created>`],
  },
} as const satisfies Record<string, GuideCommand>;

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One argument as a POSIX shell reads it back: bare when safe (a `<placeholder>` too), else in single quotes. */
export function shellWord(word: string): string {
  if (SAFE.test(word.replace(/<[a-z]+>/g, "x"))) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command line the guide shows, with this Marketplace's address in place of `<endpoint>`. */
export function commandLine(command: GuideCommand, endpoint: string): string {
  return command.argv.map((word) => shellWord(word.replaceAll(ENDPOINT, endpoint))).join(" ");
}
