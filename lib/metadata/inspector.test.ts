import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MetadataInspector } from "./inspector";
import { readFixture } from "./__tests__/fixtures";

const SIGNED = readFixture("marketplace/valid-indate-signature.xml");
const huge = (elements: number) => `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">${"<a/>".repeat(elements)}</rdf:RDF>`;

describe("the inspector pool", () => {
  let inspector: MetadataInspector;
  beforeAll(() => {
    inspector = new MetadataInspector({ threads: 2 });
  });
  afterAll(() => inspector.close());

  it("checks documents in worker threads", async () => {
    const inspection = await inspector.inspect(SIGNED);
    expect(inspection.problems).toEqual([]);
    expect(inspection.entry?.identifier).toBe("BEE8-MMAw-Lk_IgsEExAy3d9R8h");
  });

  it("refuses a 60,000-element document within a second without blocking other work", async () => {
    const histogram = monitorEventLoopDelay({ resolution: 5 });
    histogram.enable();
    const start = performance.now();
    const [hostile, ordinary] = await Promise.all([inspector.inspect(huge(60_000)), inspector.inspect(SIGNED)]);
    const elapsed = performance.now() - start;
    histogram.disable();
    expect(hostile.problems.map((p) => p.code)).toEqual(["xml.too_many_elements"]);
    expect(ordinary.valid).toBe(true);
    expect(elapsed).toBeLessThan(1000);
    // The main thread never waited on the parse: no event-loop stall of even 100 ms.
    expect(histogram.max / 1e6).toBeLessThan(100);
  });

  it("stops a document that exceeds the time budget and keeps working", async () => {
    // Caps raised far enough that the strict parse alone takes seconds on any machine; the budget, a
    // fraction of that, stops it. (Its answer, not a stopwatch, shows it was stopped: nothing here is timed.)
    const slow = new MetadataInspector({ threads: 1, timeoutMs: 1000, limits: { maxElements: 5_000_000, maxBytes: 16 * 1024 * 1024 } });
    try {
      const inspection = await slow.inspect(huge(3_000_000));
      expect(inspection.problems.map((p) => p.code)).toEqual(["signature.timeout"]);
      expect((await slow.inspect(SIGNED)).valid).toBe(true);
    } finally {
      await slow.close();
    }
  });
});
