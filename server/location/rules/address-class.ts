import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { AddressClass } from '../../../shared/contracts/location-events.js';

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/**
 * Addresses that name no place: RFC 1918, carrier-grade NAT, link-local,
 * unique-local, "this network" and the IPv6 unspecified address. A client
 * seen from one is inside some network (or behind a proxy not configured as
 * trusted), so a GeoIP database cannot place it.
 */
const unplaceable = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  unplaceable.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['fc00::', 7],
  ['fe80::', 10],
  ['::', 128],
] as const)
  unplaceable.addSubnet(net, bits, 'ipv6');

const MAPPED_V4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** An IPv4-mapped IPv6 address (`::ffff:1.2.3.4`, as a dual-stack socket reports IPv4) as plain IPv4. */
export function plainAddress(address: string): string {
  const mapped = MAPPED_V4.exec(address.trim());
  return mapped ? mapped[1]! : address.trim();
}

/** Whether an address is loopback, private (unplaceable) or public. Anything unparsable counts as private. */
export function addressClassOf(address: string): AddressClass {
  const plain = plainAddress(address);
  const family = isIPv4(plain) ? 'ipv4' : isIPv6(plain) ? 'ipv6' : undefined;
  if (!family) return 'private';
  if (loopback.check(plain, family)) return 'loopback';
  return unplaceable.check(plain, family) ? 'private' : 'public';
}
