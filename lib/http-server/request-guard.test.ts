import { describe, expect, it } from "vitest";
import { checkRequest, originForm } from "./request-guard";

const check = (method: string, url: string, headers: Record<string, string> = {}) => checkRequest({ method, url, headers }, 1000);

describe("requests refused before the application", () => {
  it("answer unserved methods with 405 and the methods served", () => {
    for (const method of ["TRACE", "TRACK", "CONNECT", "PROPFIND", "BREW"]) {
      expect(check(method, "/metadata"), method).toMatchObject({ status: 405, details: { allow: expect.stringContaining("GET") } });
    }
    for (const method of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
      expect(check(method, "/metadata"), method).toBeUndefined();
  });

  it("answer a * target, a malformed escape or a control character anywhere in the address with 400", () => {
    for (const url of [
      "*",
      "/metadata/%ZZ",
      "/metadata/%C0%AF",
      "/tag/%ZZ/x",
      "/a%E0%A4%A",
      "/metadata/%00",
      "/metadata?os=%00",
      "/m?q=a%01",
      "/m?%ZZ=1",
      "/m%7F",
    ]) {
      expect(check("GET", url), url).toMatchObject({ status: 400 });
    }
    // Line breaks and tabs are text in a query value (a SPARQL query from a form), never in a path.
    expect(check("GET", "/metadata/a%0Ab"), "a line break in a path").toMatchObject({ status: 400 });
    for (const url of [
      "/metadata/jane%40example.org",
      "/metadata?q=%C3%A9t%C3%A9+x",
      "/metadata/2014-03-08T14:10:40Z",
      "/",
      "/query?query=SELECT+*%0D%0AWHERE%09%7B%7D",
    ])
      expect(check("GET", url), url).toBeUndefined();
  });

  it("answer a declared body over the limit with 413, and a Content-Length that is not a number with 400", () => {
    expect(check("POST", "/metadata", { "content-length": "1001" })).toMatchObject({ status: 413 });
    expect(check("POST", "/metadata", { "content-length": "1000" })).toBeUndefined();
    expect(check("POST", "/metadata", { "content-length": "12abc" })).toMatchObject({ status: 400 });
  });

  it("answer a target over 8 KiB with 414", () => {
    expect(check("GET", `/metadata?q=${"a".repeat(9000)}`)).toMatchObject({ status: 414 });
  });

  it("accept the absolute form of the target", () => {
    expect(originForm("http://example.org/metadata?x=1")).toBe("/metadata?x=1");
    expect(originForm("/metadata")).toBe("/metadata");
  });
});
