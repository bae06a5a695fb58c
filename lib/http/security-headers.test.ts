import { describe, expect, it } from "vitest";
import { attachment, BASE_SECURITY_HEADERS, DATA_HEADERS, DOWNLOAD_HEADERS, SANDBOX_CSP, STATUS_PAGE_CSP } from "./security-headers";

describe("security headers", () => {
  it("sandboxes every data response and forbids sniffing and framing", () => {
    for (const headers of [DATA_HEADERS, DOWNLOAD_HEADERS]) {
      expect(headers["Content-Security-Policy"]).toBe(SANDBOX_CSP);
      expect(headers["X-Content-Type-Options"]).toBe("nosniff");
      expect(headers["X-Frame-Options"]).toBe("DENY");
    }
    expect(SANDBOX_CSP.split("; ")).toEqual(["sandbox", "default-src 'none'", "frame-ancestors 'none'"]);
    expect(BASE_SECURITY_HEADERS).not.toHaveProperty("Content-Security-Policy");
  });

  it("lets the status page run no script and post no form", () => {
    const directives = STATUS_PAGE_CSP.split("; ");
    expect(directives).toContain("default-src 'none'");
    expect(directives).toContain("form-action 'none'");
    expect(directives.some((d) => d.startsWith("script-src"))).toBe(false);
  });

  it("marks downloads cacheable for a while", () => {
    expect(DOWNLOAD_HEADERS["Cache-Control"]).toBe("public, max-age=300");
    expect(DATA_HEADERS).not.toHaveProperty("Cache-Control");
  });

  it.each([
    ["ABC-123_x.xml", "attachment; filename=ABC-123_x.xml"],
    ['a"b.xml', "attachment; filename=a_b.xml"],
    ["a;b\r\nSet-Cookie: x=1", "attachment; filename=a_b__Set-Cookie__x_1"],
    ["../../etc/passwd", "attachment; filename=.._.._etc_passwd"],
    ["é.xml", "attachment; filename=_.xml"],
  ])("writes the filename %j safely", (name, expected) => {
    expect(attachment(name)).toBe(expected);
  });
});
