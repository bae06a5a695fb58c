/** Failures to load a signer's key and certificate, with the original tools' messages where they exist. */

export type CredentialsProblem = "unreadable" | "wrong_password" | "no_private_key" | "no_certificate" | "key_mismatch" | "unsupported_key";

export class CredentialsError extends Error {
  readonly problem: CredentialsProblem;

  constructor(problem: CredentialsProblem, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CredentialsError";
    this.problem = problem;
  }
}

/** The original signer's message for a wrong PKCS#12 password (SignMetadata). */
export const WRONG_PASSWORD_MESSAGE = "error loading certificate (wrong password?)";
export const KEY_MISMATCH_MESSAGE = "the private key does not match the certificate";

export function noPrivateKey(where: string): CredentialsError {
  return new CredentialsError("no_private_key", `no private key found in ${where}`);
}
