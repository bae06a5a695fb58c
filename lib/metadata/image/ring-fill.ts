/**
 * The reading thread's loop: fill ring slots with the image's uncompressed bytes and publish them.
 * Both return the number of uncompressed bytes.
 */
import type { FileHandle } from "node:fs/promises";
import type { Readable } from "node:stream";
import type { RingWriter } from "@/lib/metadata/image/ring-writer";

/** An uncompressed file is read by fs straight into the shared slots: no copy in JavaScript. */
export async function fillFromFile(ring: RingWriter, file: FileHandle, onRead: (position: number) => void): Promise<number> {
  let position = 0;
  for (;;) {
    const slot = await ring.nextSlot();
    const { bytesRead } = await file.read(slot, 0, slot.length, position);
    if (bytesRead === 0) return position;
    position += bytesRead;
    ring.publish(bytesRead);
    onRead(position);
  }
}

/**
 * A decompressed stream comes in chunks of any size; they are copied into full slots so that the
 * workers get few, large chunks. Iterating the stream pauses it while no slot is free.
 */
export async function fillFromStream(ring: RingWriter, stream: Readable, onPublish: () => void): Promise<number> {
  let total = 0;
  let slot = await ring.nextSlot();
  let filled = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    for (let offset = 0; offset < chunk.length;) {
      const copied = chunk.copy(slot, filled, offset);
      offset += copied;
      filled += copied;
      total += copied;
      if (filled === slot.length) {
        ring.publish(filled);
        onPublish();
        slot = await ring.nextSlot();
        filled = 0;
      }
    }
  }
  if (filled > 0) {
    ring.publish(filled);
    onPublish();
  }
  return total;
}
