import { describe, expect, it } from "vitest";
import { checkLocation, isAllowedLocation } from "./location";

const REFUSED = [
  "javascript:alert(1)",
  "JAVASCRIPT:alert(1)",
  "vbscript:msgbox(1)",
  "data:text/html,<script>alert(1)</script>",
  "data:application/octet-stream;base64,AAAA",
  "file:///etc/passwd",
  "file://server/share/image.img",
  "ftp://ftp.example.org/image.img.gz",
  "sftp://images.example.org/image.img",
  "blob:https://images.example.org/1234",
  "about:blank",
  "mailto:jane@example.org",
  "//images.example.org/image.img",
  "/images/image.img",
  "image.img",
  "",
  " ",
  "http",
  "http:",
  "http:/images.example.org/image.img",
  "http://",
  "http:///image.img",
  "http://?x",
  "http://#x",
  "https:images.example.org",
  "http:\\\\images.example.org\\image.img",
  "http://images example.org/image.img",
  "http://[::1/image.img",
  "java\tscript:alert(1)",
  " https://images.example.org/image.img",
  "https://images.example.org/image.img\n",
  "pdisk:",
  "pdisk",
];

const ALLOWED = [
  "http://images.example.org/image.img",
  "https://images.example.org/image.img.gz?x=1&y=2#part",
  "HTTPS://IMAGES.EXAMPLE.ORG/IMAGE.IMG",
  "Http://images.example.org",
  "http://192.0.2.1:8080/image.img",
  "http://[2001:db8::1]/image.img",
  "https://user:secret@images.example.org/image.img",
  "pdisk:marketplace.example.org:8445:6f1e2d4c-9a7b-4c3e-8d2f-1b0a9e8c7d6f",
  "PDISK:6f1e2d4c",
];

describe("image locations", () => {
  it.each(REFUSED)("refuses %j", (location) => {
    expect(isAllowedLocation(location)).toBe(false);
    const message = checkLocation(location);
    expect(message).toMatch(/^slterms:location ".*" is not allowed: /s);
    expect(message).toContain("http://, https:// or pdisk:");
  });

  it.each(ALLOWED)("accepts %s", (location) => {
    expect(isAllowedLocation(location)).toBe(true);
    expect(checkLocation(location)).toBeUndefined();
  });

  it("names the value as the caller calls it, and shortens it", () => {
    expect(checkLocation("javascript:alert(1)", "--location")).toBe(
      '--location "javascript:alert(1)" is not allowed: an image location must be an http://, https:// or pdisk: URI',
    );
    expect(checkLocation("http:///image.img")).toBe(
      'slterms:location "http:///image.img" is not allowed: an http:// or https:// location must be a URL with a host name (an image location must be an http://, https:// or pdisk: URI)',
    );
    const long = `javascript:${"x".repeat(300)}`;
    const message = checkLocation(long) ?? "";
    expect(message).toContain(`"${long.slice(0, 77)}..."`);
    expect(message).not.toContain(long.slice(0, 78));
  });
});
