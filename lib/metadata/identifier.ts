/**
 * The 27-character image identifier (reference section 2): the SHA-1 of the uncompressed image
 * read as a 160-bit big-endian number and written in base 64 with the base64url alphabet, most
 * significant digit first, left-padded with 'A' to 27 digits (162 bits).
 *
 * base64url of (0x00 || sha1) gives 28 characters starting with 'A'; dropping that 'A' is the
 * identifier. That equivalence is what both directions use.
 */
export const IDENTIFIER_PATTERN = /^[A-Za-z0-9_-]{27}$/;

export function isIdentifier(value: string): boolean {
  return IDENTIFIER_PATTERN.test(value);
}

/** Identifier of a SHA-1 given as hex (leading zeros optional, at most 160 bits). */
export function sha1ToIdentifier(sha1Hex: string): string {
  const digest = sha1HexToBytes(sha1Hex);
  const padded = Buffer.concat([Buffer.alloc(1), digest]);
  return padded.toString("base64url").slice(1);
}

/** Lowercase 40-digit hex SHA-1 of an identifier; throws RangeError for a malformed identifier. */
export function identifierToSha1(identifier: string): string {
  if (!isIdentifier(identifier)) throw new RangeError(`invalid identifier: ${identifier}`);
  const bytes = Buffer.from(`A${identifier}`, "base64url");
  // 28 base64 digits carry 168 bits = 21 bytes; the first byte holds the 'A' and the 2 bits above SHA-1.
  if (bytes[0] !== 0) throw new RangeError(`invalid identifier: ${identifier}`);
  return bytes.subarray(1).toString("hex");
}

function sha1HexToBytes(sha1Hex: string): Buffer {
  if (!/^[0-9a-fA-F]+$/.test(sha1Hex)) throw new RangeError(`${sha1Hex} is not a valid SHA-1 checksum`);
  const n = BigInt(`0x${sha1Hex}`);
  if (n >= 1n << 160n) throw new RangeError(`${sha1Hex} is not a valid SHA-1 checksum`);
  return Buffer.from(n.toString(16).padStart(40, "0"), "hex");
}

/**
 * The number an identifier encodes (up to 162 bits), as the original decoder computed it: six bits per
 * character, most significant first. Used where the original compared numbers and printed them.
 */
export function identifierToBigInt(identifier: string): bigint {
  if (!isIdentifier(identifier)) throw new RangeError(`invalid identifier: ${identifier}`);
  let n = 0n;
  for (const ch of identifier) n = (n << 6n) | BigInt(ALPHABET.indexOf(ch));
  return n;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
