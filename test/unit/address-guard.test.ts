import { describe, expect, it } from 'vitest';

import type { AddressPolicy } from '../../src/fetch/address-guard.js';
import { addressRefusal, isHostAllowed } from '../../src/fetch/address-guard.js';

const DEFAULT: AddressPolicy = { allow: [] };

describe('addressRefusal with the default (empty) allow-list', () => {
  const refused: { name: string; address: string; range: string }[] = [
    { name: 'IPv4 loopback', address: '127.0.0.1', range: 'loopback' },
    { name: 'IPv6 loopback', address: '::1', range: 'loopback' },
    { name: 'RFC 1918 10/8', address: '10.1.2.3', range: 'private' },
    { name: 'RFC 1918 172.16/12', address: '172.16.0.1', range: 'private' },
    { name: 'RFC 1918 192.168/16', address: '192.168.1.1', range: 'private' },
    { name: 'link-local cloud metadata', address: '169.254.169.254', range: 'linkLocal' },
    { name: 'carrier-grade NAT', address: '100.64.0.1', range: 'carrierGradeNat' },
    { name: 'IPv4 unspecified', address: '0.0.0.0', range: 'unspecified' },
    { name: 'IPv4 multicast', address: '224.0.0.1', range: 'multicast' },
    { name: 'IPv4 broadcast', address: '255.255.255.255', range: 'broadcast' },
    { name: 'IPv4-mapped loopback', address: '::ffff:127.0.0.1', range: 'loopback' },
    { name: 'IPv4-mapped private', address: '::ffff:10.0.0.1', range: 'private' },
    { name: 'IPv6 unique local', address: 'fc00::1', range: 'uniqueLocal' },
    { name: 'IPv6 link-local', address: 'fe80::1', range: 'linkLocal' },
    { name: 'IPv6 unspecified', address: '::', range: 'unspecified' },
    { name: 'NAT64 prefix carrying a private IPv4', address: '64:ff9b::a00:1', range: 'rfc6052' },
  ];

  it.each(refused)('refuses $name ($address)', ({ address, range }) => {
    expect(addressRefusal(address, DEFAULT)).toBe(`${address} is ${range}`);
  });

  const allowed: { name: string; address: string }[] = [
    { name: 'public IPv4', address: '93.184.216.34' },
    { name: 'public IPv6', address: '2606:4700::1111' },
    { name: 'IPv4-mapped public IPv4', address: '::ffff:93.184.216.34' },
  ];

  it.each(allowed)('lets $name ($address) through', ({ address }) => {
    expect(addressRefusal(address, DEFAULT)).toBeNull();
  });

  it('refuses a string that is not an IP address', () => {
    expect(addressRefusal('localhost', DEFAULT)).toBe('not an IP address: localhost');
  });
});

describe('addressRefusal with an allow-list', () => {
  const cases: { name: string; allow: string[]; address: string; want: 'allowed' | 'refused' }[] = [
    {
      name: 'an exact IPv4 lets it through',
      allow: ['127.0.0.1'],
      address: '127.0.0.1',
      want: 'allowed',
    },
    {
      name: 'an exact IPv4 does not open its neighbour',
      allow: ['127.0.0.1'],
      address: '127.0.0.2',
      want: 'refused',
    },
    {
      name: 'an exact IPv4 also covers its IPv4-mapped form',
      allow: ['127.0.0.1'],
      address: '::ffff:127.0.0.1',
      want: 'allowed',
    },
    { name: 'an exact IPv6 lets it through', allow: ['::1'], address: '::1', want: 'allowed' },
    {
      name: 'an IPv4 entry does not open IPv6 loopback',
      allow: ['127.0.0.1'],
      address: '::1',
      want: 'refused',
    },
    {
      name: 'a CIDR lets in an address inside it',
      allow: ['10.0.0.0/8'],
      address: '10.20.30.40',
      want: 'allowed',
    },
    {
      name: 'a CIDR keeps out an address outside it',
      allow: ['10.0.0.0/8'],
      address: '192.168.1.1',
      want: 'refused',
    },
    {
      name: 'an IPv6 CIDR lets in an address inside it',
      allow: ['fd00::/8'],
      address: 'fd12:3456::1',
      want: 'allowed',
    },
    {
      name: 'entries are trimmed',
      allow: [' 192.168.0.0/16 '],
      address: '192.168.7.7',
      want: 'allowed',
    },
    {
      name: 'a host name entry does not open any address',
      allow: ['localhost'],
      address: '127.0.0.1',
      want: 'refused',
    },
  ];

  it.each(cases)('$name', ({ allow, address, want }) => {
    const refusal = addressRefusal(address, { allow });
    if (want === 'allowed') expect(refusal).toBeNull();
    else expect(refusal).toMatch(/ is /);
  });
});

describe('isHostAllowed', () => {
  const policy: AddressPolicy = { allow: ['Intranet.Example', '10.0.0.0/8', '127.0.0.1'] };

  const cases: { name: string; host: string; want: boolean }[] = [
    { name: 'a listed host name', host: 'intranet.example', want: true },
    { name: 'a listed host name in other case', host: 'INTRANET.example', want: true },
    { name: 'a subdomain of a listed host', host: 'api.intranet.example', want: false },
    { name: 'an unlisted host', host: 'localhost', want: false },
    // IPs and CIDRs are judged per address by addressRefusal, never by name.
    { name: 'an IP that is on the list as an address', host: '127.0.0.1', want: false },
  ];

  it.each(cases)('$name → $want', ({ host, want }) => {
    expect(isHostAllowed(host, policy)).toBe(want);
  });
});
