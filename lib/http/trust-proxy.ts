/**
 * Which forwarding headers to believe (TRUST_PROXY). X-Forwarded-For, -Proto and -Host are written by
 * whoever sends the request, so they are read only when the connection comes from a configured proxy:
 * otherwise a client picks its own address (and escapes the upload rate limit) or the host of the
 * links we write. The walk is the usual one (as Express's proxy-addr): start at the socket's peer,
 * and while the current address is a trusted proxy, step to the address it says it forwarded for.
 *
 * TRUST_PROXY: unset or `none` trusts nothing; a number N trusts the N nearest hops; otherwise a
 * comma-separated list of addresses, CIDR ranges and the keywords `loopback` and `private`.
 */
import net from "node:net";

export type TrustProxy = { kind: "none" } | { kind: "hops"; hops: number } | { kind: "addresses"; list: net.BlockList; text: string };

export class TrustProxyError extends Error {}

const KEYWORDS: Record<string, string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  private: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7", "fe80::/10"],
};

export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = value?.trim() ?? "";
  if (text === "" || /^(none|false|off|0)$/i.test(text)) return { kind: "none" };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 16) throw new TrustProxyError(`TRUST_PROXY=${text}: at most 16 proxy hops`);
    return { kind: "hops", hops };
  }
  if (/^(true|on|all|\*)$/i.test(text)) {
    throw new TrustProxyError(
      `TRUST_PROXY=${text} would let every client choose its own address; give the number of proxies in front of the Marketplace, or their addresses`,
    );
  }
  const list = new net.BlockList();
  for (const raw of text.split(",")) {
    const item = raw.trim();
    for (const range of KEYWORDS[item.toLowerCase()] ?? [item]) addRange(list, range, text);
  }
  return { kind: "addresses", list, text };
}

function addRange(list: net.BlockList, range: string, whole: string): void {
  const [address = "", prefix] = range.split("/");
  const family = net.isIP(address);
  if (family === 0)
    throw new TrustProxyError(`TRUST_PROXY=${whole}: "${range}" is not an IP address, a CIDR range, "loopback" or "private"`);
  const type = family === 4 ? "ipv4" : "ipv6";
  if (prefix === undefined) {
    list.addAddress(address, type);
    return;
  }
  const bits = Number(prefix);
  if (!/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128))
    throw new TrustProxyError(`TRUST_PROXY=${whole}: "${range}" has an invalid prefix length`);
  list.addSubnet(address, bits, type);
}

export interface ForwardedView {
  /** The client's address: the peer, or the first address a trusted proxy forwarded for that is not itself trusted. */
  clientAddress: string;
  /** The peer is a trusted proxy: its X-Forwarded-Proto and -Host may be used. */
  fromTrustedProxy: boolean;
}

/** `forwardedFor`: the X-Forwarded-For header(s), nearest hop last. */
export function resolveForwarded(peer: string, forwardedFor: string | undefined, trust: TrustProxy): ForwardedView {
  const chain = [
    normalize(peer),
    ...(forwardedFor ?? "")
      .split(",")
      .map((s) => normalize(s.trim()))
      .filter((s) => s !== "")
      .reverse(),
  ];
  let index = 0;
  while (index < chain.length - 1 && trusts(trust, chain[index] as string, index)) index += 1;
  return { clientAddress: chain[index] as string, fromTrustedProxy: trusts(trust, chain[0] as string, 0) };
}

function trusts(trust: TrustProxy, address: string, hop: number): boolean {
  if (trust.kind === "none") return false;
  if (trust.kind === "hops") return hop < trust.hops;
  const family = net.isIP(address);
  return family !== 0 && trust.list.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** `::ffff:10.0.0.1` is 10.0.0.1; anything that is not an IP address (garbage in X-Forwarded-For) stays as is, untrusted. */
function normalize(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? (mapped[1] as string) : address;
}
