import "server-only";
/**
 * Password guesses are limited per account email and per client address (in memory: one Marketplace
 * process per data store, as the upload limit). Only failures count; a right password clears the
 * email's count. Once over either limit, even the right password is refused until the window passes,
 * so guessing cannot continue at a slower pace with a lucky hit in between.
 */
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "@/lib/errors";

/** Failures allowed per email, and per address, in one window. */
export const PASSWORD_FAILURES_PER_EMAIL = 10;
export const PASSWORD_FAILURES_PER_ADDRESS = 50;
const WINDOW_SECONDS = 15 * 60;

type Limiters = { byEmail: RateLimiterMemory; byAddress: RateLimiterMemory };
const globalForLimiter = globalThis as unknown as { passwordLimiters?: Limiters };
const limiters = (globalForLimiter.passwordLimiters ??= {
  byEmail: new RateLimiterMemory({ keyPrefix: "password-email", points: PASSWORD_FAILURES_PER_EMAIL, duration: WINDOW_SECONDS }),
  byAddress: new RateLimiterMemory({ keyPrefix: "password-address", points: PASSWORD_FAILURES_PER_ADDRESS, duration: WINDOW_SECONDS }),
});

function refusal(msBeforeNext: number): AppError {
  const retryAfter = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new AppError("rate_limited", `too many wrong passwords for this account or from your address; try again in ${retryAfter} s`, {
    retryAfter,
  });
}

/** Refuses (429) when the email or the address has used up its failures. */
export async function assertPasswordAttemptAllowed(email: string, address: string): Promise<void> {
  const [byEmail, byAddress] = await Promise.all([limiters.byEmail.get(email), limiters.byAddress.get(address)]);
  for (const [res, points] of [
    [byEmail, PASSWORD_FAILURES_PER_EMAIL],
    [byAddress, PASSWORD_FAILURES_PER_ADDRESS],
  ] as const) {
    if (res && res.consumedPoints >= points) throw refusal(res.msBeforeNext);
  }
}

export async function recordPasswordFailure(email: string, address: string): Promise<void> {
  await Promise.all(
    [limiters.byEmail.consume(email), limiters.byAddress.consume(address)].map((p) =>
      p.catch((rejection: unknown) => {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
      }),
    ),
  );
}

export async function clearPasswordFailures(email: string): Promise<void> {
  await limiters.byEmail.delete(email);
}
