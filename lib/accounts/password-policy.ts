/**
 * What a password must be, checked in the browser (the sign-up form) and on the server alike. Length
 * is what matters (NIST SP 800-63B): at least 10 characters, at most 256 (the hash's input is bounded,
 * so a megabyte "password" cannot cost the server a megabyte of hashing), and not the email itself.
 */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

const TOO_COMMON = new Set(["password123", "1234567890", "qwertyuiop", "0123456789", "password12", "letmein123", "marketplace"]);

/** The reason a password is refused, in words for the person choosing it, or null when it is fine. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < PASSWORD_MIN) return `the password must have at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `the password must have at most ${PASSWORD_MAX} characters`;
  if (new Set(password).size < 4) return "the password repeats too few characters: choose a longer phrase";
  if (TOO_COMMON.has(password.toLowerCase())) return "this password is among the most common ones: choose another";
  if (email && password.toLowerCase().includes(email.toLowerCase().split("@")[0] ?? "\0") && password.length < 16)
    return "the password must not be built from your email address";
  return null;
}
