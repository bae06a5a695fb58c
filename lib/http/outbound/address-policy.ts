/**
 * Which addresses the Marketplace may connect to when it fetches a URL a user gave (a base image's
 * location, an integrity check, a webhook): SSRF rules. Only public unicast addresses, so a URL
 * cannot reach the machine itself (127.0.0.0/8, ::1), the cloud's metadata service (169.254.169.254),
 * the private networks, or an IPv6 form of any of them (::ffff:127.0.0.1, NAT64, 6to4, Teredo), unless
 * the operator allows a range (`allow`, in CIDR notation: the tests' 127.0.0.1/32, a site's own mirror).
 */
import ipaddr from "ipaddr.js";

export interface AddressPolicy {
  /** Why a connection to `address` (an IP literal) is refused, or undefined when it is allowed. */
  refusal(address: string): string | undefined;
}

export function addressPolicy(allow: readonly string[] = []): AddressPolicy {
  const allowed = allow.map((cidr) => {
    try {
      return ipaddr.parseCIDR(cidr);
    } catch {
      throw new Error(`"${cidr}" is not an address range in CIDR notation, such as 10.0.0.0/8 or ::1/128`);
    }
  });
  return {
    refusal(text) {
      if (!ipaddr.isValid(text)) return `"${text}" is not an IP address`;
      const address = ipaddr.parse(text);
      // An IPv4-mapped IPv6 address is the IPv4 address: ranges are compared in the family they belong to.
      const plain =
        address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address;
      if (allowed.some(([base, bits]) => base.kind() === plain.kind() && plain.match(base, bits))) return undefined;
      const range = plain.range();
      return range === "unicast" ? undefined : `${text} is a ${describe(range)} address, which the Marketplace does not fetch from`;
    },
  };
}

function describe(range: string): string {
  const words: Record<string, string> = {
    loopback: "loopback (this machine's own)",
    linkLocal: "link-local (a cloud metadata service's)",
    private: "private network",
    uniqueLocal: "private network",
    carrierGradeNat: "shared (carrier-grade NAT)",
    unspecified: "unspecified",
    multicast: "multicast",
    broadcast: "broadcast",
  };
  return words[range] ?? `special-purpose (${range})`;
}
