import "server-only";
/**
 * S/MIME signing of an export with the site's service certificate (HEPIX_SIGNER_CERT, HEPIX_SIGNER_KEY),
 * by openssl (`smime -sign -nodetach`: the signed content inside the message, as vmcatcher and atrope
 * read it; `openssl smime -verify -CAfile <the CA>` gives the JSON back). openssl runs with an argv
 * array through runTool, reading the content from a private temporary file.
 */
import { X509Certificate } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { runTool } from "../build/run-tool";
import type { ListIdentity } from "./hepix-list";

export function signerConfigured(): boolean {
  return env.HEPIX_SIGNER_CERT !== undefined && env.HEPIX_SIGNER_KEY !== undefined;
}

/** The service certificate's identity, in RFC 2253 order (most specific first), for the list's hv:endorser. */
export function serviceIdentity(): ListIdentity | undefined {
  if (!env.HEPIX_SIGNER_CERT) return undefined;
  const certificate = new X509Certificate(fs.readFileSync(env.HEPIX_SIGNER_CERT));
  const rfc2253 = (lines: string) => lines.split("\n").filter(Boolean).reverse().join(", ");
  const name = /(?:^|\n)CN=([^\n]+)/.exec(certificate.subject)?.[1] ?? certificate.subject;
  const email = /(?:^|, )email:([^,\s]+)/.exec(certificate.subjectAltName ?? "")?.[1];
  return { name, subject: rfc2253(certificate.subject), issuer: rfc2253(certificate.issuer), ...(email ? { email } : {}) };
}

export async function smimeSign(content: string): Promise<string> {
  if (!env.HEPIX_SIGNER_CERT || !env.HEPIX_SIGNER_KEY)
    throw new AppError(
      "not_found",
      "this Marketplace signs no image lists: no service certificate is configured (HEPIX_SIGNER_CERT, HEPIX_SIGNER_KEY)",
    );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "marketplace-smime-"));
  try {
    const input = path.join(dir, "imagelist.json");
    fs.writeFileSync(input, content, { mode: 0o600 });
    const { stdout } = await runTool(
      "openssl",
      ["smime", "-sign", "-nodetach", "-binary", "-in", input, "-signer", env.HEPIX_SIGNER_CERT, "-inkey", env.HEPIX_SIGNER_KEY],
      { timeoutMs: 30_000 },
    );
    return stdout;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
