/**
 * The image identifier (reference section 2) for the browser, where there is no Buffer: the SHA-1 as
 * a 160-bit big-endian number in the base64url alphabet, most significant digit first, left-padded
 * with "A" to 27 digits. lib/metadata/identifier.ts is the server's; a test holds the two equal.
 */
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

export function sha1HexToIdentifier(hex: string): string {
  if (!/^[0-9a-fA-F]{1,40}$/.test(hex)) throw new RangeError(`${hex} is not a SHA-1 checksum`);
  let n = BigInt(`0x${hex}`);
  let digits = "";
  for (let i = 0; i < 27; i++) {
    digits = ALPHABET[Number(n & 63n)]! + digits;
    n >>= 6n;
  }
  return digits;
}
