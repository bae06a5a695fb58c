import { describe, expect, it } from "vitest";
import { streamBody } from "./stream-body";

async function* chunks(log: string[], count: number): AsyncGenerator<string> {
  try {
    for (let i = 0; i < count; i++) {
      log.push(`produce ${i}`);
      yield `chunk ${i};`;
    }
  } finally {
    log.push("closed");
  }
}

describe("streamBody", () => {
  it("produces a chunk only when the reader asks for one, and finishes once", async () => {
    const log: string[] = [];
    let finished = 0;
    const reader = streamBody(chunks(log, 3), { finish: () => finished++ }).getReader();
    expect(log).toEqual([]);
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("chunk 0;");
    expect(log.filter((l) => l.startsWith("produce")).length).toBeLessThanOrEqual(2);
    while (!(await reader.read()).done);
    expect(finished).toBe(1);
    expect(log).toContain("closed");
  });

  it("finishes and closes the source when the client cancels", async () => {
    const log: string[] = [];
    let finished = 0;
    const reader = streamBody(chunks(log, 100), { finish: () => finished++ }).getReader();
    await reader.read();
    await reader.cancel();
    expect(finished).toBe(1);
    expect(log).toContain("closed");
  });

  it("abandons a client that stops reading, freeing its place", async () => {
    const log: string[] = [];
    let finished = 0;
    const reader = streamBody(chunks(log, 100), { finish: () => finished++, idleMs: 20 }).getReader();
    await reader.read();
    await new Promise((r) => setTimeout(r, 60));
    expect(finished).toBe(1);
    expect(log).toContain("closed");
    await expect(reader.read()).rejects.toThrow("stopped reading");
  });
});
