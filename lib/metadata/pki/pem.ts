/** PEM armour: the base64 blocks between BEGIN/END lines, and back. */

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

export interface PemBlock {
  label: string;
  der: Uint8Array;
}

export function pemBlocks(text: string): PemBlock[] {
  return Array.from(text.matchAll(PEM_BLOCK), (match) => ({
    label: match[1] ?? "",
    // RFC 1421 headers such as "Proc-Type: 4,ENCRYPTED" are not part of the base64 body.
    der: new Uint8Array(Buffer.from(stripHeaders(match[2] ?? ""), "base64")),
  }));
}

/** PEM files may open with any amount of text, such as the dump `openssl x509 -text` writes. */
export function looksLikePem(data: Uint8Array | string): boolean {
  const text = typeof data === "string" ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("latin1");
  return text.includes("-----BEGIN ");
}

export function toPem(der: Uint8Array, label: string): string {
  const lines =
    Buffer.from(der)
      .toString("base64")
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

function stripHeaders(body: string): string {
  return body
    .split(/\r?\n/)
    .filter((line) => !line.includes(":"))
    .join("");
}
