import { describe, expect, it } from "vitest";
import { parseTrustProxy, resolveForwarded, TrustProxyError } from "./trust-proxy";

describe("TRUST_PROXY", () => {
  it("trusts nothing by default: a client's X-Forwarded-For never becomes its address", () => {
    for (const value of [undefined, "", "none", "off", "0"]) {
      expect(resolveForwarded("198.51.100.7", "203.0.113.1, 10.0.0.1", parseTrustProxy(value))).toEqual({
        clientAddress: "198.51.100.7",
        fromTrustedProxy: false,
      });
    }
  });

  it("with a hop count, takes the address that many hops in", () => {
    expect(resolveForwarded("10.0.0.2", "203.0.113.1, 10.0.0.1", parseTrustProxy("1")).clientAddress).toBe("10.0.0.1");
    expect(resolveForwarded("10.0.0.2", "203.0.113.1, 10.0.0.1", parseTrustProxy("2")).clientAddress).toBe("203.0.113.1");
    expect(resolveForwarded("10.0.0.2", "203.0.113.1", parseTrustProxy("5")).clientAddress).toBe("203.0.113.1");
  });

  it("with addresses, skips trusted proxies from the nearest hop and stops at the first other address", () => {
    const trust = parseTrustProxy("loopback, 10.0.0.0/8");
    expect(resolveForwarded("::ffff:127.0.0.1", "198.51.100.9, 203.0.113.1, 10.1.2.3", trust)).toEqual({
      clientAddress: "203.0.113.1",
      fromTrustedProxy: true,
    });
    // A client behind no proxy cannot claim an address.
    expect(resolveForwarded("198.51.100.9", "127.0.0.1", trust)).toEqual({ clientAddress: "198.51.100.9", fromTrustedProxy: false });
    // Garbage in the header is an address nobody trusts.
    expect(resolveForwarded("127.0.0.1", "not an address", trust).clientAddress).toBe("not an address");
  });

  it("refuses values that would trust every client, or that are not addresses", () => {
    for (const value of ["true", "all", "*", "10.0.0.0/40", "example.org", "17"])
      expect(() => parseTrustProxy(value), value).toThrow(TrustProxyError);
  });
});
