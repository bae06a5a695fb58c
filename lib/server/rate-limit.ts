import "server-only";
/** Upload rate limit per client address (in memory: one Marketplace process per data store). */
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

const globalForLimiter = globalThis as unknown as { uploadLimiter?: RateLimiterMemory };
const limiter = (globalForLimiter.uploadLimiter ??= new RateLimiterMemory({ points: env.UPLOAD_RATE_LIMIT, duration: 60 }));

export async function consumeUploadAllowance(address: string): Promise<void> {
  try {
    await limiter.consume(address);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) {
      const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new AppError("rate_limited", `too many uploads from your address; try again in ${retryAfter} s`, { retryAfter });
    }
    throw rejection;
  }
}
