import "server-only";
/**
 * Brute-force protection of every password check (the web sign-in and POST /api/v1/tokens share
 * one budget, so a guesser gains nothing by switching): failed attempts count per email and per client
 * address (in memory, like the upload limit: one Marketplace process per data store). Once either
 * reaches its limit, every attempt for that email or from that address is refused with a 429 until
 * the window passes, before the password is even checked. A successful sign-in clears the email's count.
 */
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { normalEmail } from "@/db/users";
import { AppError } from "@/lib/errors";

/** Failed attempts allowed per email, and per address, in the window. */
export const SIGN_IN_FAILURES_PER_EMAIL = 5;
export const SIGN_IN_FAILURES_PER_ADDRESS = 20;
const WINDOW_SECONDS = 15 * 60;

type Limiters = { email: RateLimiterMemory; address: RateLimiterMemory };
const slot = globalThis as unknown as { signInLimiters?: Limiters };
const limiters = (slot.signInLimiters ??= {
  email: new RateLimiterMemory({ keyPrefix: "sign-in-email", points: SIGN_IN_FAILURES_PER_EMAIL, duration: WINDOW_SECONDS }),
  address: new RateLimiterMemory({ keyPrefix: "sign-in-address", points: SIGN_IN_FAILURES_PER_ADDRESS, duration: WINDOW_SECONDS }),
});

function refused(msBeforeNext: number): AppError {
  const minutes = Math.max(1, Math.ceil(msBeforeNext / 60_000));
  return new AppError(
    "rate_limited",
    `too many failed sign-in attempts for this account or from your address: try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or reset the password`,
    { retryAfter: Math.max(1, Math.ceil(msBeforeNext / 1000)) },
  );
}

/** Throws the 429 when the email or the address has used up its failed attempts. */
export async function assertSignInAllowed(email: string, address: string): Promise<void> {
  const [byEmail, byAddress] = await Promise.all([limiters.email.get(normalEmail(email)), limiters.address.get(address)]);
  for (const [state, points] of [
    [byEmail, SIGN_IN_FAILURES_PER_EMAIL],
    [byAddress, SIGN_IN_FAILURES_PER_ADDRESS],
  ] as const) {
    if (state && state.consumedPoints >= points) throw refused(state.msBeforeNext);
  }
}

/** Counts one failed attempt. */
export async function recordSignInFailure(email: string, address: string): Promise<void> {
  await Promise.all([limiters.email.penalty(normalEmail(email)).catch(ignoreLimit), limiters.address.penalty(address).catch(ignoreLimit)]);
}

export async function clearSignInFailures(email: string): Promise<void> {
  await limiters.email.delete(normalEmail(email));
}

function ignoreLimit(rejection: unknown): void {
  if (!(rejection instanceof RateLimiterRes)) throw rejection;
}
