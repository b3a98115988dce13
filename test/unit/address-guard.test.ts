import { describe, expect, it } from 'vitest';

import type { AddressPolicy } from '../../src/fetch/address-guard.js';
import { addressRefusal, hostRefusal, isHostAllowed } from '../../src/fetch/address-guard.js';

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
    { name: 'IPv4-mapped loopback in hex', address: '::ffff:7f00:1', range: 'loopback' },
    { name: 'IPv4-mapped metadata in hex', address: '::ffff:a9fe:a9fe', range: 'linkLocal' },
    { name: 'IPv6 unique local', address: 'fc00::1', range: 'uniqueLocal' },
    { name: 'IPv6 link-local', address: 'fe80::1', range: 'linkLocal' },
    { name: 'IPv6 unspecified', address: '::', range: 'unspecified' },
    {
      name: 'NAT64 prefix carrying a public IPv4',
      address: '64:ff9b::5db8:d822',
      range: 'rfc6052',
    },
    { name: '6to4 relay on a public IPv4', address: '2002:5db8:d822::1', range: '6to4' },
    {
      name: 'Teredo with public server and client',
      address: '2001:0:5db8:d822::a247:27dd',
      range: 'teredo',
    },
    {
      name: 'IPv4-compatible public IPv4 (deprecated)',
      address: '::5db8:d822',
      range: 'IPv4-compatible (deprecated)',
    },
    {
      name: 'IPv4-compatible public IPv4 in dotted form',
      address: '::93.184.216.34',
      range: 'IPv4-compatible (deprecated)',
    },
  ];

  it.each(refused)('refuses $name ($address)', ({ address, range }) => {
    expect(addressRefusal(address, DEFAULT)).toBe(`${address} is ${range}`);
  });

  // Issue 18: IPv6 forms that carry a loopback, private or link-local IPv4 address. Each is
  // refused naming the address it carries, with no allow-list entry and with one for the IPv6
  // range alone (an operator opening 64:ff9b::/96 for NAT64 must not open 10.0.0.1 through it).
  const carriers: { name: string; address: string; carries: string }[] = [
    {
      name: 'IPv4-compatible loopback',
      address: '::7f00:1',
      carries: 'IPv4-compatible, carrying 127.0.0.1 (loopback)',
    },
    {
      name: 'IPv4-compatible 10/8',
      address: '::a00:1',
      carries: 'IPv4-compatible, carrying 10.0.0.1 (private)',
    },
    {
      name: 'IPv4-compatible cloud metadata',
      address: '::a9fe:a9fe',
      carries: 'IPv4-compatible, carrying 169.254.169.254 (linkLocal)',
    },
    // Node's DNS lookup prints an IPv4-compatible answer in dotted form, which ipaddr.js alone
    // would read as IPv4-mapped.
    {
      name: 'IPv4-compatible in dotted form',
      address: '::127.0.0.1',
      carries: 'IPv4-compatible, carrying 127.0.0.1 (loopback)',
    },
    {
      name: 'IPv4-translated loopback',
      address: '::ffff:0:7f00:1',
      carries: 'IPv4-translated, carrying 127.0.0.1 (loopback)',
    },
    {
      name: '6to4 of loopback',
      address: '2002:7f00:1::',
      carries: '6to4, carrying 127.0.0.1 (loopback)',
    },
    {
      name: '6to4 of 192.168/16',
      address: '2002:c0a8:101::1',
      carries: '6to4, carrying 192.168.1.1 (private)',
    },
    {
      name: 'Teredo with a loopback server',
      address: '2001:0:7f00:1::1',
      carries: 'Teredo, carrying 127.0.0.1 (loopback)',
    },
    // The client address is stored with every bit inverted: 80ff:fffe is 127.0.0.1.
    {
      name: 'Teredo with a loopback client',
      address: '2001:0:5db8:d822::80ff:fffe',
      carries: 'Teredo, carrying 127.0.0.1 (loopback)',
    },
    {
      name: 'Teredo with a metadata client',
      address: '2001:0:5db8:d822::5601:5601',
      carries: 'Teredo, carrying 169.254.169.254 (linkLocal)',
    },
    {
      name: 'NAT64 well-known prefix of 10/8',
      address: '64:ff9b::a00:1',
      carries: 'NAT64, carrying 10.0.0.1 (private)',
    },
    {
      name: 'NAT64 well-known prefix of loopback',
      address: '64:ff9b::127.0.0.1',
      carries: 'NAT64, carrying 127.0.0.1 (loopback)',
    },
    {
      name: 'NAT64 local-use /96 of metadata',
      address: '64:ff9b:1::a9fe:a9fe',
      carries: 'NAT64, carrying 169.254.169.254 (linkLocal)',
    },
    // A /48 local-use prefix puts the address in bits 48–63 and 72–87, around the "u" octet.
    {
      name: 'NAT64 local-use /48 of loopback',
      address: '64:ff9b:1:7f00:0:100::',
      carries: 'NAT64, carrying 127.0.0.1 (loopback)',
    },
  ];

  it.each(carriers)('refuses $name ($address) naming what it carries', ({ address, carries }) => {
    expect(addressRefusal(address, DEFAULT)).toBe(`${address} is ${carries}`);
  });

  it.each(carriers)(
    'refuses $name ($address) although the allow-list names the IPv6 range',
    ({ address }) => {
      const allow = [
        '::/96',
        '::ffff:0:0:0/96',
        '2002::/16',
        '2001::/32',
        '64:ff9b::/96',
        '64:ff9b:1::/48',
      ];
      expect(addressRefusal(address, { allow })).toMatch(/, carrying /);
    },
  );

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
      name: 'allowing an embedded IPv4 does not open the IPv6 range that carries it',
      allow: ['127.0.0.1'],
      address: '2002:7f00:1::',
      want: 'refused',
    },
    {
      name: 'an IPv6 range and the IPv4 it carries, both allowed, let it through',
      allow: ['2002::/16', '10.0.0.0/8'],
      address: '2002:a00:1::1',
      want: 'allowed',
    },
    {
      name: 'the NAT64 prefix, allowed, lets a public IPv4 through',
      allow: ['64:ff9b::/96'],
      address: '64:ff9b::5db8:d822',
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

describe('hostRefusal: judged from the URL host alone, before any DNS query', () => {
  const cases: { name: string; host: string; allow?: string[]; want: string | null }[] = [
    { name: 'localhost', host: 'localhost', want: 'localhost is loopback' },
    { name: 'localhost with a trailing dot', host: 'localhost.', want: 'localhost is loopback' },
    {
      name: 'localhost with two trailing dots',
      host: 'LOCALHOST..',
      want: 'localhost is loopback',
    },
    {
      name: 'a .localhost subdomain with a trailing dot',
      host: 'app.localhost.',
      want: 'app.localhost is loopback',
    },
    { name: 'a bracketed IPv6 literal', host: '[::1]', want: '::1 is loopback' },
    {
      name: 'a bracketed IPv4-compatible literal',
      host: '[::7f00:1]',
      want: '::7f00:1 is IPv4-compatible, carrying 127.0.0.1 (loopback)',
    },
    { name: 'an IPv4 literal', host: '10.0.0.1', want: '10.0.0.1 is private' },
    { name: 'a public IPv4 literal', host: '93.184.216.34', want: null },
    { name: 'a name, left to the DNS lookup hook', host: 'news.example.com.', want: null },
    {
      name: 'localhost named by the allow-list',
      host: 'localhost',
      allow: ['localhost'],
      want: null,
    },
    {
      name: 'localhost. named by the allow-list as localhost',
      host: 'localhost.',
      allow: ['localhost'],
      want: null,
    },
    { name: 'an allowed literal', host: '127.0.0.1', allow: ['127.0.0.1'], want: null },
  ];

  it.each(cases)('$name ($host)', ({ host, allow, want }) => {
    expect(hostRefusal(host, { allow: allow ?? [] })).toBe(want);
  });
});

describe('isHostAllowed', () => {
  const policy: AddressPolicy = { allow: ['Intranet.Example', '10.0.0.0/8', '127.0.0.1'] };

  const cases: { name: string; host: string; want: boolean }[] = [
    { name: 'a listed host name', host: 'intranet.example', want: true },
    { name: 'a listed host name in other case', host: 'INTRANET.example', want: true },
    { name: 'a listed host name with a trailing dot', host: 'intranet.example.', want: true },
    { name: 'a subdomain of a listed host', host: 'api.intranet.example', want: false },
    { name: 'an unlisted host', host: 'localhost', want: false },
    // IPs and CIDRs are judged per address by addressRefusal, never by name.
    { name: 'an IP that is on the list as an address', host: '127.0.0.1', want: false },
  ];

  it.each(cases)('$name → $want', ({ host, want }) => {
    expect(isHostAllowed(host, policy)).toBe(want);
  });
});
