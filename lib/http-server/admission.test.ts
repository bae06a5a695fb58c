import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { Admission, laneOf } from "./admission";

const req = (method = "GET", contentType?: string) =>
  ({ method, headers: contentType ? { "content-type": contentType } : {} }) as IncomingMessage;

describe("admission", () => {
  it("sorts requests into lanes: health and assets free, pages apart from the APIs", () => {
    expect(laneOf(req(), "/api/health")).toBe("free");
    expect(laneOf(req(), "/_next/static/chunks/a.js")).toBe("free");
    expect(laneOf(req(), "/api/v1/entries")).toBe("request");
    expect(laneOf(req(), "/api/stratuslab/metadata")).toBe("request");
    expect(laneOf(req("POST"), "/api/stratuslab/metadata")).toBe("write");
    expect(laneOf(req("POST", "application/xml"), "/api/v1/entries")).toBe("write");
    expect(laneOf(req("DELETE"), "/api/v1/entries")).toBe("write");
    expect(laneOf(req("POST", "application/x-www-form-urlencoded"), "/api/stratuslab/metadata")).toBe("request");
    expect(laneOf(req(), "/metadata")).toBe("page");
    expect(laneOf(req(), "/upload")).toBe("page");
    // Long transfers have a lane of their own; the rest of the build API is the API's.
    expect(laneOf(req(), "/api/v1/builds/b_abc/events")).toBe("stream");
    expect(laneOf(req(), "/api/v1/builds/b_abc/artifacts/image-0123456789ab.qcow2")).toBe("stream");
    expect(laneOf(req("POST", "application/octet-stream"), "/api/v1/disks")).toBe("stream");
    expect(laneOf(req(), "/api/v1/builds/b_abc")).toBe("request");
    expect(laneOf(req("POST", "application/json"), "/api/v1/builds")).toBe("write");
  });

  it("runs at most the lane's number at once, admits the waiting in order, and refuses beyond the bounds", async () => {
    const admission = new Admission({
      page: { inFlight: 2, waiting: 2, maxWaitMs: 50 },
      write: { inFlight: 1, waiting: 0, maxWaitMs: 50 },
      request: { inFlight: 1, waiting: 0, maxWaitMs: 50 },
      stream: { inFlight: 1, waiting: 0, maxWaitMs: 50 },
    });
    const [a, b] = await Promise.all([admission.enter("page"), admission.enter("page")]);
    const order: string[] = [];
    const c = admission.enter("page").then((release) => (order.push("c"), release));
    const d = admission.enter("page").then((release) => (order.push("d"), release));
    await expect(admission.enter("page")).rejects.toMatchObject({ code: "unavailable", details: { retryAfter: 5 } });
    a();
    b();
    (await c)();
    (await d)();
    expect(order).toEqual(["c", "d"]);
    const held = await admission.enter("request");
    await expect(admission.enter("request")).rejects.toMatchObject({ code: "unavailable", details: { retryAfter: 5 } });
    held();
    // Free requests never wait.
    await Promise.all(Array.from({ length: 100 }, () => admission.enter("free")));
  });

  it("refuses a request that waited longer than the lane allows", async () => {
    const lane = { inFlight: 1, waiting: 5, maxWaitMs: 20 };
    const admission = new Admission({ page: lane, write: lane, request: lane, stream: lane });
    const held = await admission.enter("page");
    await expect(admission.enter("page")).rejects.toThrow("busy");
    held();
    (await admission.enter("page"))();
  });
});
