import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { jsonApiHandler, stratuslabHandler } from "./handlers";

const refuse = (error: unknown) => async (): Promise<Response> => {
  throw error;
};
const conflict = new AppError("conflict", "already stored with other content <&>");
const limited = new AppError("rate_limited", "too many uploads", { retryAfter: 7 });

describe("jsonApiHandler", () => {
  it("passes a handler's answer and its arguments through", async () => {
    const handler = jsonApiHandler(async (request: Request, name: string) => new Response(`${new URL(request.url).pathname} ${name}`));
    expect(await (await handler(new Request("http://127.0.0.1/api/v1/x"), "jane")).text()).toBe("/api/v1/x jane");
  });

  it("answers what a handler throws in the API's error body, with its status and Retry-After", async () => {
    const reply = await jsonApiHandler(refuse(limited))(new Request("http://127.0.0.1/api/v1/entries"));
    expect(reply.status).toBe(429);
    expect(reply.headers.get("retry-after")).toBe("7");
    expect(await reply.json()).toEqual({ error: { code: "rate_limited", message: "too many uploads" } });
  });

  it("answers an unexpected error as internal, without its message", async () => {
    const reply = await jsonApiHandler(refuse(new Error("select * from secrets")))(new Request("http://127.0.0.1/api/v1/entries"));
    expect(reply.status).toBe(500);
    expect(await reply.json()).toEqual({ error: { code: "internal", message: "internal error" } });
  });
});

describe("stratuslabHandler", () => {
  it("answers what a handler throws in the original's formats, by the first Accept type", async () => {
    const handler = stratuslabHandler(refuse(conflict));
    const xml = await handler(new Request("http://127.0.0.1/metadata", { headers: { Accept: "application/xml" } }));
    expect(xml.status).toBe(409);
    expect(await xml.text()).toBe(
      '<?xml version="1.0" encoding="UTF-8" standalone="no"?><error>already stored with other content &lt;&amp;&gt;</error>',
    );
    const json = await handler(new Request("http://127.0.0.1/metadata", { headers: { Accept: "application/json" } }));
    expect(await json.json()).toEqual({ "409": "already stored with other content <&>" });
  });
});
