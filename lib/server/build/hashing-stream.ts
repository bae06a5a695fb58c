import "server-only";
/** A pass-through stream that counts and hashes what flows through it, for bytes written to disk once and checked as they go. */
import { createHash, type Hash } from "node:crypto";
import { Transform } from "node:stream";

export interface HashingStream<A extends string> {
  transform: Transform;
  bytes(): number;
  /** The hex digests, once the stream has ended. */
  digests(): Record<A, string>;
}

/** `tooLarge` fails the stream as soon as more than `maxBytes` have come (nothing more is written). */
export function hashingStream<A extends string>(
  algorithms: readonly A[],
  limit?: { maxBytes: number; tooLarge: () => Error },
): HashingStream<A> {
  const hashes = algorithms.map((algorithm) => [algorithm, createHash(algorithm)] as [A, Hash]);
  let bytes = 0;
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (limit && bytes > limit.maxBytes) return done(limit.tooLarge());
      for (const [, hash] of hashes) hash.update(chunk);
      done(null, chunk);
    },
  });
  return {
    transform,
    bytes: () => bytes,
    digests: () => Object.fromEntries(hashes.map(([algorithm, hash]) => [algorithm, hash.digest("hex")])) as Record<A, string>,
  };
}
