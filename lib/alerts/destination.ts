/**
 * Where a webhook may point. A webhook makes this server send requests on a user's behalf, so by
 * default it may not reach this machine or the private network behind it (the cloud metadata
 * endpoint, an admin panel on 10.0.0.5, …). Checked when a webhook is added and again before every
 * delivery, against what the name resolves to then. `WEBHOOK_ALLOW_PRIVATE=true` lifts it (a
 * receiver inside the company network, or tests on 127.0.0.1).
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import dns from "node:dns/promises";
import net from "node:net";
import { config } from "../config";

/** Address ranges a webhook may not reach, each with why. */
const BLOCKED: [string, number, "ipv4" | "ipv6", string][] = [
  ["0.0.0.0", 8, "ipv4", "this network"],
  ["10.0.0.0", 8, "ipv4", "a private network"],
  ["100.64.0.0", 10, "ipv4", "carrier-grade NAT"],
  ["127.0.0.0", 8, "ipv4", "this machine"],
  ["169.254.0.0", 16, "ipv4", "link-local (cloud metadata)"],
  ["172.16.0.0", 12, "ipv4", "a private network"],
  ["192.0.0.0", 24, "ipv4", "IETF protocol assignments"],
  ["192.168.0.0", 16, "ipv4", "a private network"],
  ["198.18.0.0", 15, "ipv4", "benchmarking"],
  ["224.0.0.0", 4, "ipv4", "multicast"],
  ["240.0.0.0", 4, "ipv4", "reserved"],
  ["::", 128, "ipv6", "this network"],
  ["::1", 128, "ipv6", "this machine"],
  ["::", 96, "ipv6", "an IPv4-compatible address"],
  ["::ffff:0:0", 96, "ipv6", "an IPv4-mapped address"],
  ["::ffff:0:0:0", 96, "ipv6", "an IPv4-translated address"],
  ["64:ff9b::", 96, "ipv6", "NAT64"],
  ["64:ff9b:1::", 48, "ipv6", "local-use NAT64"],
  ["100::", 64, "ipv6", "a discard prefix"],
  // Tunnels carry an IPv4 address inside (6to4 2002:7f00:1::, Teredo): where they lead cannot be told.
  ["2001::", 32, "ipv6", "a Teredo tunnel"],
  ["2001:db8::", 32, "ipv6", "documentation"],
  ["2002::", 16, "ipv6", "a 6to4 tunnel"],
  ["fc00::", 7, "ipv6", "a private network"],
  ["fe80::", 10, "ipv6", "link-local"],
  ["fec0::", 10, "ipv6", "site-local (a private network)"],
  ["ff00::", 8, "ipv6", "multicast"],
];

const lists = BLOCKED.map(([network, prefix, family, why]) => {
  const list = new net.BlockList();
  list.addSubnet(network, prefix, family);
  return { list, family, why };
});

/** Why this address is off limits, or null. */
export function blockedAddress(ip: string): string | null {
  const family = net.isIPv4(ip) ? "ipv4" : net.isIPv6(ip) ? "ipv6" : null;
  if (!family) return null;
  return lists.find((l) => l.family === family && l.list.check(ip, family))?.why ?? null;
}

/**
 * Why this URL's host may not receive webhooks, or null. A name that does not resolve is a
 * problem too (nothing could be delivered).
 */
export async function destinationProblem(url: string, lookup: (host: string) => Promise<string[]> = resolveAll): Promise<string | null> {
  if (config().WEBHOOK_ALLOW_PRIVATE) return null;
  let host: string;
  try {
    // The WHATWG parser has already turned 2130706433, 0177.0.0.1 and 0x7f.1 into 127.0.0.1; a
    // trailing dot ("localhost.") names the same host.
    host = new URL(url).hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "").toLowerCase();
  } catch {
    return "Enter a full address, e.g. https://hooks.example.com/ringback.";
  }
  if (host === "localhost" || host.endsWith(".localhost")) return "This address is this server itself; webhooks go to other servers.";
  let addresses: string[];
  if (net.isIP(host)) addresses = [host];
  else {
    try {
      addresses = await lookup(host);
    } catch {
      return `${host} could not be found (DNS).`;
    }
  }
  for (const ip of addresses) {
    const why = blockedAddress(ip);
    if (why) return `${host} is ${why} (${ip}); webhooks may only reach public addresses unless the server sets WEBHOOK_ALLOW_PRIVATE=true.`;
  }
  return null;
}

async function resolveAll(host: string): Promise<string[]> {
  return (await dns.lookup(host, { all: true, verbatim: true })).map((a) => a.address);
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for the connection itself: the address the socket connects to is the one checked, so
 * a name that answers "public" to the check and "private" a moment later (DNS rebinding) is still
 * refused. Passes everything when `allowPrivate()` says so (WEBHOOK_ALLOW_PRIVATE for webhooks; photo
 * and logo links copied at save time bring their own setting).
 */
export function guardedLookup(resolve: typeof import("node:dns").lookup = dnsLookup, allowPrivate: () => boolean = () => config().WEBHOOK_ALLOW_PRIVATE): net.LookupFunction {
  return ((hostname: string, options: object, callback: LookupCallback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as unknown as LookupAddress[];
      if (!allowPrivate()) {
        const bad = list.find((a) => blockedAddress(a.address));
        if (bad) {
          const e = new Error(`${hostname} now resolves to ${blockedAddress(bad.address)} (${bad.address}); not sent.`) as NodeJS.ErrnoException;
          e.code = "EBLOCKEDADDRESS";
          return callback(e, []);
        }
      }
      if ((options as { all?: boolean }).all) return callback(null, list);
      const first = list[0];
      return first ? callback(null, first.address, first.family) : callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), []);
    });
  }) as unknown as net.LookupFunction;
}

