// The two modules of unbzip2-stream that bzip2-stream.ts uses (the package ships no types).
declare module "unbzip2-stream/lib/bit_iterator" {
  interface BitReader {
    (bits: number | null): number;
    bytesRead: number;
  }
  export default function bitIterator(next: () => Uint8Array | undefined): BitReader;
}

declare module "unbzip2-stream/lib/bzip2" {
  type BitReader = (bits: number | null) => number;
  const bzip2: {
    header(bits: BitReader): number;
    decompress(bits: BitReader, write: (byte: number) => void, buffer: Int32Array, size: number, streamCrc: number | null): number | null;
  };
  export default bzip2;
}
