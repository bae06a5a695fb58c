import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { readCapped } from "./read-body";

/** A body that arrives in the given chunks, recording whether the reader cancelled it. */
function chunked(chunks: string[]): { body: ReadableStream<Uint8Array>; state: { cancelled: boolean; pulled: number } } {
  const state = { cancelled: false, pulled: 0 };
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = chunks[state.pulled++];
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
      cancel() {
        state.cancelled = true;
      },
    },
    // Nothing is pulled until the reader asks.
    { highWaterMark: 0 },
  );
  return { body, state };
}

function request(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request("http://127.0.0.1/metadata", { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe("payload_too_large");
  expect((error as AppError).status).toBe(413);
  return (error as AppError).message;
}

describe("readCapped", () => {
  it.each([
    ["an empty body", "", 10],
    ["a body under the cap", "hello", 10],
    ["a body of exactly the cap", "0123456789", 10],
  ])("reads %s whole", async (_name, text, cap) => {
    expect((await readCapped(request(text), cap)).toString()).toBe(text);
  });

  it("reads a request without a body as empty", async () => {
    expect((await readCapped(new Request("http://127.0.0.1/"), 10)).length).toBe(0);
  });

  it("joins a body that arrives in chunks", async () => {
    const { body } = chunked(["ab", "cd", "ef"]);
    expect((await readCapped(request(body), 6)).toString()).toBe("abcdef");
  });

  it("refuses a declared length over the cap before reading anything", async () => {
    const { body, state } = chunked(["x"]);
    const message = await refusal(readCapped(request(body, { "content-length": "11" }), 10));
    expect(message).toBe("the upload is 11 bytes; the limit is 10 bytes (metadata entries are a few kilobytes)");
    expect(state.pulled).toBe(0);
  });

  it("cuts off a body that grows past the cap, and cancels the rest of it", async () => {
    const { body, state } = chunked(["01234", "56789", "A", "never read"]);
    const message = await refusal(readCapped(request(body), 10));
    expect(message).toBe("the upload is more than 11 bytes; the limit is 10 bytes (metadata entries are a few kilobytes)");
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBe(3);
  });

  it("counts the bytes read, not a smaller declared length", async () => {
    const { body } = chunked(["0123456789", "A"]);
    await refusal(readCapped(request(body, { "content-length": "3" }), 10));
  });

  it("ignores a Content-Length that is not a number and counts instead", async () => {
    expect((await readCapped(request("abc", { "content-length": "lots" }), 10)).toString()).toBe("abc");
  });
});
