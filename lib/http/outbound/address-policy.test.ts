import { describe, expect, it } from "vitest";
import { addressPolicy } from "./address-policy";

describe("the outbound address policy", () => {
  const policy = addressPolicy();

  it("allows public unicast addresses, IPv4 and IPv6", () => {
    for (const address of ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "2a00:1450:4007:80f::200e"])
      expect(policy.refusal(address), address).toBeUndefined();
  });

  it("refuses this machine, the metadata service, private networks and every IPv6 spelling of them", () => {
    for (const address of [
      "127.0.0.1",
      "127.1.2.3",
      "0.0.0.0",
      "169.254.169.254",
      "10.0.0.1",
      "172.16.5.4",
      "192.168.1.1",
      "100.64.0.1",
      "224.0.0.1",
      "255.255.255.255",
      "192.0.2.1",
      "::1",
      "::",
      "::ffff:127.0.0.1",
      "::ffff:169.254.169.254",
      "::ffff:7f00:1",
      "fe80::1",
      "fc00::1",
      "fd12:3456::1",
      "64:ff9b::7f00:1",
      "2002:7f00:1::",
      "2001:0:4136:e378:8000:63bf:3fff:fdd2",
      "ff02::1",
    ])
      expect(policy.refusal(address), address).toMatch(/does not fetch from/);
    expect(policy.refusal("169.254.169.254")).toMatch(/metadata service/);
    expect(policy.refusal("localhost")).toMatch(/not an IP address/);
  });

  it("allows what the operator allows, and only that", () => {
    const tests = addressPolicy(["127.0.0.1/32", "::1/128"]);
    expect(tests.refusal("127.0.0.1")).toBeUndefined();
    expect(tests.refusal("::ffff:127.0.0.1")).toBeUndefined();
    expect(tests.refusal("::1")).toBeUndefined();
    expect(tests.refusal("127.0.0.2")).toMatch(/loopback/);
    expect(tests.refusal("169.254.169.254")).toMatch(/link-local/);
    expect(() => addressPolicy(["not-a-range"])).toThrow(/CIDR notation/);
  });
});
