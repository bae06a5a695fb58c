/**
 * The one error type of the application. Every failure that crosses a boundary (HTTP, CLI, worker)
 * is an AppError with a stable code; the HTTP status comes from one map so routes never pick
 * statuses by hand.
 */
import type { Problem } from "@/lib/metadata/problems";

export const errorStatus = {
  bad_request: 400,
  invalid_metadata: 400,
  unparseable_metadata: 400,
  older_than_latest: 400,
  no_file: 400,
  /** No credentials, or credentials that do not (or no longer) hold: sign in or send a valid token. */
  unauthorized: 401,
  forbidden: 403,
  read_only: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  /** Existed, and is gone for good: a used or expired link, a hidden entry. */
  gone: 410,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  /** Well-formed but not acceptable: a weak password, an email already taken. */
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
  upstream_failed: 502,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface AppErrorDetails {
  /** Every problem found in a metadata document, in the order the checks ran. */
  problems?: Problem[];
  /** Seconds a client should wait before retrying (rate limits, overload). */
  retryAfter?: number;
  /** Methods the resource allows (405). */
  allow?: string;
  [key: string]: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: AppErrorDetails;

  constructor(code: ErrorCode, message: string, details: AppErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorStatus[this.code];
  }

  static is(value: unknown): value is AppError {
    return value instanceof AppError;
  }
}

/** Wraps anything thrown into an AppError without leaking internals in the message. */
export function toAppError(error: unknown): AppError {
  if (AppError.is(error)) return error;
  return new AppError("internal", "internal error", {}, { cause: error });
}
