import "server-only";
/**
 * OpenPGP clear signatures of the Simplestreams (`.sjson`) and virt-builder (`index.asc`) exports, by
 * gpg with the site's key (GPG_SIGNING_KEY: an armored secret key without a passphrase), imported once
 * into a private keyring of this process. gpg runs with argv arrays through runTool.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { runTool } from "../build/run-tool";

let keyring: Promise<string> | undefined;

export function gpgConfigured(): boolean {
  return env.GPG_SIGNING_KEY !== undefined;
}

function home(): Promise<string> {
  keyring ??= (async () => {
    // Short, private and this process's own: gpg-agent's socket lives in it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mp-gpg-"));
    fs.chmodSync(dir, 0o700);
    await runTool("gpg", ["--batch", "--homedir", dir, "--import", env.GPG_SIGNING_KEY!], { timeoutMs: 30_000 });
    return dir;
  })().catch((error: unknown) => {
    keyring = undefined;
    throw error;
  });
  return keyring;
}

export async function clearsign(content: string, what: string): Promise<string> {
  if (!env.GPG_SIGNING_KEY)
    throw new AppError("not_found", `this Marketplace signs no ${what}: no OpenPGP key is configured (GPG_SIGNING_KEY)`);
  const homedir = await home();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mp-sign-"));
  try {
    const input = path.join(dir, "content");
    fs.writeFileSync(input, content, { mode: 0o600 });
    const { stdout } = await runTool(
      "gpg",
      [
        "--batch",
        "--yes",
        "--homedir",
        homedir,
        "--pinentry-mode",
        "loopback",
        "--passphrase",
        "",
        "--armor",
        "--clearsign",
        "--output",
        "-",
        input,
      ],
      { timeoutMs: 30_000 },
    );
    return stdout;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
