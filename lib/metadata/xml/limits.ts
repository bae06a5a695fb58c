/** Caps applied before and during parsing; every one is configurable per call. */
export interface ParseLimits {
  /** Largest accepted document, in bytes. */
  maxBytes: number;
  /** Most elements a document may hold (signature verification cost grows with it). */
  maxElements: number;
  /** Deepest element nesting. */
  maxDepth: number;
}

export const DEFAULT_LIMITS: Readonly<ParseLimits> = {
  maxBytes: 2 * 1024 * 1024,
  maxElements: 10_000,
  maxDepth: 64,
};

export function resolveLimits(overrides?: Partial<ParseLimits>): ParseLimits {
  return { ...DEFAULT_LIMITS, ...overrides };
}
