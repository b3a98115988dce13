// The SSRF guard: which addresses an untrusted URL (from a feed or a webhook) may reach.
import ipaddr from 'ipaddr.js';

export interface AddressPolicy {
  /** Hosts (exact, case-insensitive) and IPs/CIDRs let through although not public. */
  allow: readonly string[];
}

interface CompiledPolicy {
  hosts: Set<string>;
  cidrs: [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

const cache = new WeakMap<readonly string[], CompiledPolicy>();

function compile(allow: readonly string[]): CompiledPolicy {
  const cached = cache.get(allow);
  if (cached) return cached;
  const hosts = new Set<string>();
  const cidrs: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const entry of allow) {
    const value = entry.trim();
    if (value.includes('/') && ipaddr.isValidCIDR(value)) cidrs.push(ipaddr.parseCIDR(value));
    else if (ipaddr.isValid(value)) {
      const ip = unmap(ipaddr.parse(value));
      cidrs.push([ip, ip.kind() === 'ipv4' ? 32 : 128]);
    } else hosts.add(value.toLowerCase());
  }
  const compiled = { hosts, cidrs };
  cache.set(allow, compiled);
  return compiled;
}

/** IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it carries. */
function unmap(ip: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()
    ? (ip as ipaddr.IPv6).toIPv4Address()
    : ip;
}

export function isHostAllowed(host: string, policy: AddressPolicy): boolean {
  return compile(policy.allow).hosts.has(host.toLowerCase());
}

/**
 * Null when the address may be connected to, else the reason it may not. Only globally routable
 * unicast passes by default: loopback, private, link-local, CGNAT, multicast, unspecified and
 * reserved ranges are refused unless the allow-list names them.
 */
export function addressRefusal(address: string, policy: AddressPolicy): string | null {
  if (!ipaddr.isValid(address)) return `not an IP address: ${address}`;
  const ip = unmap(ipaddr.parse(address));
  const { cidrs } = compile(policy.allow);
  if (cidrs.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits))) return null;
  const range = ip.range();
  return range === 'unicast' ? null : `${address} is ${range}`;
}
