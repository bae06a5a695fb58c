import { afterEach, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { assertNotCrossSite } from "./csrf";
import { REQUEST_ORIGIN_HEADER } from "./request-info";

const publicUrl = env.PUBLIC_URL;
afterEach(() => {
  env.PUBLIC_URL = publicUrl;
});

function post(headers: Record<string, string>, url = "http://127.0.0.1:3000/metadata"): Request {
  return new Request(url, { method: "POST", headers });
}

/** "ok", or the message of the 403 the check throws. */
function verdict(request: Request): string {
  try {
    assertNotCrossSite(request);
    return "ok";
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    expect(error.code).toBe("forbidden");
    expect(error.status).toBe(403);
    return error.message;
  }
}

const CROSS_SITE = "cross-site form posts are not accepted: upload from this Marketplace's own page";
const SERVER_ORIGIN = { [REQUEST_ORIGIN_HEADER]: "https://marketplace.example.org" };

describe("assertNotCrossSite", () => {
  it.each<[string, Record<string, string>, string]>([
    // The original tools send neither header.
    ["curl (no Sec-Fetch-Site, no Origin)", {}, "ok"],
    ["a same-origin browser post", { "sec-fetch-site": "same-origin", origin: "http://127.0.0.1:3000" }, "ok"],
    ["a typed-in navigation", { "sec-fetch-site": "none" }, "ok"],
    ["a cross-site browser post", { "sec-fetch-site": "cross-site", origin: "https://evil.example" }, CROSS_SITE],
    ["a same-site (sibling subdomain) post", { "sec-fetch-site": "same-site" }, CROSS_SITE],
    ["an Origin of another site, no Sec-Fetch-Site", { origin: "https://evil.example" }, CROSS_SITE],
    // Scheme and port count: http:// must not post to https://, nor another port.
    ["the same host on another port", { origin: "http://127.0.0.1:3001" }, CROSS_SITE],
    ["the same host over https", { origin: "https://127.0.0.1:3000" }, CROSS_SITE],
    ["an opaque origin", { origin: "null" }, "uploads from sandboxed or opaque origins are not accepted"],
    ["an Origin that is not a URL", { origin: "not a url" }, "the request's Origin header is not a URL"],
  ])("%s: %s", (_name, headers, expected) => {
    expect(verdict(post(headers))).toBe(expected);
  });

  it("compares the Origin with the origin the server process established, not the request URL", () => {
    expect(verdict(post({ ...SERVER_ORIGIN, origin: "https://marketplace.example.org" }))).toBe("ok");
    expect(verdict(post({ ...SERVER_ORIGIN, origin: "http://127.0.0.1:3000" }))).toBe(CROSS_SITE);
  });

  it("also accepts PUBLIC_URL's origin", () => {
    const request = () => post({ origin: "https://marketplace.example.org" });
    expect(verdict(request())).toBe(CROSS_SITE);
    env.PUBLIC_URL = "https://marketplace.example.org/base/";
    expect(verdict(request())).toBe("ok");
    expect(verdict(post({ origin: "http://127.0.0.1:3000" }))).toBe("ok");
    expect(verdict(post({ origin: "http://marketplace.example.org" }))).toBe(CROSS_SITE);
  });
});
