// The SSRF guard: which addresses an untrusted URL (from a feed or a webhook) may reach.
import ipaddr from 'ipaddr.js';

export interface AddressPolicy {
  /** Hosts (exact, case-insensitive) and IPs/CIDRs let through although not public. */
  allow: readonly string[];
}

type Address = ipaddr.IPv4 | ipaddr.IPv6;

interface CompiledPolicy {
  hosts: Set<string>;
  cidrs: [Address, number][];
}

const cache = new WeakMap<readonly string[], CompiledPolicy>();

function compile(allow: readonly string[]): CompiledPolicy {
  const cached = cache.get(allow);
  if (cached) return cached;
  const hosts = new Set<string>();
  const cidrs: [Address, number][] = [];
  for (const entry of allow) {
    const value = entry.trim();
    if (value.includes('/') && ipaddr.isValidCIDR(value)) cidrs.push(ipaddr.parseCIDR(value));
    else if (ipaddr.isValid(value)) {
      const ip = unmap(parseAddress(value));
      cidrs.push([ip, ip.kind() === 'ipv4' ? 32 : 128]);
    } else hosts.add(normalizeHost(value));
  }
  const compiled = { hosts, cidrs };
  cache.set(allow, compiled);
  return compiled;
}

/**
 * A URL's host as the guard compares it: without IPv6 brackets, lower case, and without the
 * trailing dots of a fully qualified name (`localhost.` is `localhost` to every resolver).
 */
export function normalizeHost(host: string): string {
  return host
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase()
    .replace(/\.+$/, '');
}

/**
 * ipaddr.js reads `::1.2.3.4` as the IPv4-mapped ::ffff:1.2.3.4, but it is the IPv4-compatible
 * ::102:304, and the form in which Node's DNS lookup prints such an answer.
 */
function parseAddress(address: string): Address {
  return ipaddr.parse(/^::[\d.]+$/.test(address) ? `::0:${address.slice(2)}` : address);
}

/** IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it carries. */
function unmap(ip: Address): Address {
  return ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()
    ? (ip as ipaddr.IPv6).toIPv4Address()
    : ip;
}

const v4 = (bytes: number[]) => new ipaddr.IPv4(bytes);
const net = (cidr: string) => ipaddr.IPv6.parseCIDR(cidr);

/** The IPv4 address RFC 6052 places after a NAT64 prefix of `bits`, skipping the "u" octet. */
function rfc6052(bytes: number[], bits: number): ipaddr.IPv4 {
  const out: number[] = [];
  for (let i = bits / 8; out.length < 4; i++) if (i !== 8) out.push(bytes[i]!);
  return v4(out);
}

const IPV4_COMPATIBLE = net('::/96');

// IPv6 ranges that carry an IPv4 address, and where: a packet to such an address ends up at, or
// is tunnelled through, that IPv4 host, so 2002:7f00:1:: is 127.0.0.1 in disguise.
const EMBEDDINGS: {
  name: string;
  net: [ipaddr.IPv6, number];
  carried: (b: number[]) => number[][];
}[] = [
  // RFC 4291 §2.5.5.1, deprecated: ::a.b.c.d.
  { name: 'IPv4-compatible', net: IPV4_COMPATIBLE, carried: (b) => [b.slice(12)] },
  // RFC 6145: IPv4-translated.
  { name: 'IPv4-translated', net: net('::ffff:0:0:0/96'), carried: (b) => [b.slice(12)] },
  // RFC 3056: 2002:AABB:CCDD::/48 is the site behind the 6to4 relay AA.BB.CC.DD.
  { name: '6to4', net: net('2002::/16'), carried: (b) => [b.slice(2, 6)] },
  // RFC 4380: the Teredo server's IPv4, then the client's with every bit inverted.
  {
    name: 'Teredo',
    net: net('2001::/32'),
    carried: (b) => [b.slice(4, 8), b.slice(12).map((x) => x ^ 0xff)],
  },
  // RFC 6052: the well-known NAT64 prefix.
  { name: 'NAT64', net: net('64:ff9b::/96'), carried: (b) => [b.slice(12)] },
  // RFC 8215: the local-use NAT64 prefix, whose length (48 to 96) the operator picks; every
  // place RFC 6052 allows for the IPv4 address is read.
  {
    name: 'NAT64',
    net: net('64:ff9b:1::/48'),
    carried: (b) => [48, 56, 64, 96].map((bits) => rfc6052(b, bits).octets),
  },
];

/** The IPv4 addresses an IPv6 address carries, with the mechanism that carries them. */
function embedded(ip: ipaddr.IPv6): { name: string; ipv4: ipaddr.IPv4 }[] {
  // :: and ::1 lie inside ::/96 but are judged by their own range.
  if (ip.range() === 'unspecified' || ip.range() === 'loopback') return [];
  const found = EMBEDDINGS.find((e) => ip.match(e.net));
  if (!found) return [];
  return found.carried(ip.toByteArray()).map((octets) => ({ name: found.name, ipv4: v4(octets) }));
}

export function isHostAllowed(host: string, policy: AddressPolicy): boolean {
  return compile(policy.allow).hosts.has(normalizeHost(host));
}

/**
 * Null when the address may be connected to, else the reason it may not. Only globally routable
 * unicast passes by default: loopback, private, link-local, CGNAT, multicast, unspecified and
 * reserved ranges are refused unless the allow-list names them. An IPv6 address that carries an
 * IPv4 address (IPv4-compatible, 6to4, Teredo, NAT64) is refused when the IPv4 address is, even
 * if the allow-list names the IPv6 range: allowing 64:ff9b::/96 for a NAT64 network must not
 * open 64:ff9b::10.0.0.1.
 */
export function addressRefusal(address: string, policy: AddressPolicy): string | null {
  if (!ipaddr.isValid(address)) return `not an IP address: ${address}`;
  const ip = unmap(parseAddress(address));
  const { cidrs } = compile(policy.allow);
  const allowed = (a: Address) =>
    cidrs.some(([block, bits]) => block.kind() === a.kind() && a.match(block, bits));
  if (ip.kind() === 'ipv6') {
    const refused = embedded(ip as ipaddr.IPv6).filter(
      ({ ipv4 }) => ipv4.range() !== 'unicast' && !allowed(ipv4),
    );
    // A local-use NAT64 address has several readings; those in 0.0.0.0/8 are mostly the zero
    // bits around the real one, so another is named when there is one.
    const named = refused.find(({ ipv4 }) => ipv4.range() !== 'unspecified') ?? refused[0];
    if (named)
      return `${address} is ${named.name}, carrying ${named.ipv4.toString()} (${named.ipv4.range()})`;
  }
  if (allowed(ip)) return null;
  const range = ip.range();
  // ipaddr.js calls the deprecated IPv4-compatible range unicast; it has no use but smuggling.
  if (range === 'unicast' && ip.kind() === 'ipv6' && ip.match(IPV4_COMPATIBLE))
    return `${address} is IPv4-compatible (deprecated)`;
  return range === 'unicast' ? null : `${address} is ${range}`;
}

const IP_LITERAL = /^[\d.]+$|:/;
const LOCALHOST = /^localhost$|\.localhost$/;

/**
 * What can be judged from a URL's host alone, before any DNS query: an IP literal by its address,
 * and `localhost` names (RFC 6761: always loopback, whatever a resolver answers) as refused unless
 * the allow-list names them. Null for other names, whose addresses are judged once resolved.
 */
export function hostRefusal(host: string, policy: AddressPolicy): string | null {
  const name = normalizeHost(host);
  if (isHostAllowed(name, policy)) return null;
  if (LOCALHOST.test(name)) return `${name} is loopback`;
  return IP_LITERAL.test(name) ? addressRefusal(name, policy) : null;
}
