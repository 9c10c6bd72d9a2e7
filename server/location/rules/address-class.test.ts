import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressClassOf, plainAddress } from './address-class.js';

const octet = fc.integer({ min: 0, max: 255 });
const v4 = (a: number, b: number, c: number, d: number) => `${a}.${b}.${c}.${d}`;

describe('addressClassOf', () => {
  it('names loopback, private and public addresses of both families', () => {
    expect(addressClassOf('127.0.0.1')).toBe('loopback');
    expect(addressClassOf('::1')).toBe('loopback');
    expect(addressClassOf('::ffff:127.0.0.1')).toBe('loopback');
    for (const address of ['10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.9', '100.64.0.1'])
      expect(addressClassOf(address)).toBe('private');
    for (const address of ['169.254.1.1', 'fe80::1', 'fd12:3456::1', '::', '0.0.0.0'])
      expect(addressClassOf(address)).toBe('private');
    for (const address of ['8.8.8.8', '114.114.114.114', '172.32.0.1', '2001:4860:4860::8888'])
      expect(addressClassOf(address)).toBe('public');
  });

  it('counts anything that is no address as private: it names no country', () => {
    for (const text of ['', 'localhost', '1.2.3', '999.1.1.1', 'unknown'])
      expect(addressClassOf(text)).toBe('private');
  });

  it('every 127/8 address is loopback and every 10/8 and 192.168/16 address private', () => {
    fc.assert(
      fc.property(octet, octet, octet, (b, c, d) => {
        expect(addressClassOf(v4(127, b, c, d))).toBe('loopback');
        expect(addressClassOf(v4(10, b, c, d))).toBe('private');
        expect(addressClassOf(v4(192, 168, c, d))).toBe('private');
      }),
    );
  });

  it('an IPv4 address and its IPv4-mapped IPv6 form are classed alike', () => {
    fc.assert(
      fc.property(fc.ipV4(), (address) => {
        expect(plainAddress(`::ffff:${address}`)).toBe(address);
        expect(addressClassOf(`::ffff:${address}`)).toBe(addressClassOf(address));
      }),
    );
  });

  it('the class of an address from 172.16/12 depends only on its second octet', () => {
    fc.assert(
      fc.property(octet, octet, octet, (b, c, d) => {
        const inside = b >= 16 && b <= 31;
        expect(addressClassOf(v4(172, b, c, d))).toBe(inside ? 'private' : 'public');
      }),
    );
  });
});
