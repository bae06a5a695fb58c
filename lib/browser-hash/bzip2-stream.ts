/**
 * bzip2 decompression as a web TransformStream, for images hashed in the browser. The decoder is
 * unbzip2-stream's block decoder (lib/bzip2.js, a port of Rob Landley's micro-bunzip); its own
 * wrapper is a Node stream, so this file is the web-stream wrapper around the same calls. A block is
 * decoded once enough input for the largest block of its size class is buffered, its bytes are
 * released only after its CRC matched, and a file of several bzip2 streams (pbzip2, `cat a.bz2
 * b.bz2`) is read to the end, as bunzip2 does.
 *
 * The decoder keeps its tables on its module object, so one stream decodes at a time per thread: the
 * hashing worker hashes one file.
 */
import bzip2 from "unbzip2-stream/lib/bzip2";
import bitIterator from "unbzip2-stream/lib/bit_iterator";

/** Block sizes are 100k..900k; a compressed block can exceed its size a little (bzip2's own margin). */
const slack = (blockSize: number) => 25_000 + 100_000 * blockSize;

export class Bzip2DecompressStream extends TransformStream<Uint8Array, Uint8Array> {
  constructor() {
    const queue: Uint8Array[] = [];
    let buffered = 0;
    let bits: ReturnType<typeof bitIterator> | undefined;
    let blockSize = 0;
    let streamCrc: number | null = null;
    let work = new Int32Array(0);
    let out = new Uint8Array(1024 * 1024);
    let length = 0;
    const put = (byte: number) => {
      if (length === out.length) {
        const bigger = new Uint8Array(out.length * 2);
        bigger.set(out);
        out = bigger;
      }
      out[length++] = byte;
    };

    // One header or one block; false at the end of a bzip2 stream.
    const step = (controller: TransformStreamDefaultController<Uint8Array>): boolean => {
      if (!blockSize) {
        blockSize = bzip2.header(bits!);
        if (work.length < 100_000 * blockSize) work = new Int32Array(100_000 * blockSize);
        streamCrc = 0;
        return true;
      }
      length = 0;
      streamCrc = bzip2.decompress(bits!, put, work, 100_000 * blockSize, streamCrc);
      if (streamCrc === null) {
        blockSize = 0;
        return false;
      }
      if (length) controller.enqueue(out.slice(0, length));
      return true;
    };

    super({
      transform(chunk, controller) {
        if (!chunk.byteLength) return;
        queue.push(chunk);
        buffered += chunk.byteLength;
        bits ??= bitIterator(() => queue.shift());
        while (buffered - bits.bytesRead + 1 >= slack(blockSize)) step(controller);
      },
      flush(controller) {
        if (!bits) throw new Error("the file is empty");
        try {
          while (buffered > bits.bytesRead) step(controller);
        } catch (error) {
          // The bit reader runs off the end of the input when a block is cut short.
          if (error instanceof TypeError) throw new Error("the bzip2 stream ends early (the file is truncated)");
          throw error;
        }
        if (streamCrc !== null) throw new Error("the bzip2 stream ends early (the file is truncated)");
      },
    });
  }
}
