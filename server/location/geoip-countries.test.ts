import { describe, expect, it } from 'vitest';
import { GeoIpCountries } from './geoip-countries.js';

// The bundled DB-IP Lite database (CC BY 4.0): long-held allocations whose country does not move.
describe('GeoIpCountries', () => {
  const geoip = new GeoIpCountries();

  it('places well-known public addresses of both families', () => {
    expect(geoip.countryOf('114.114.114.114')).toBe('CN'); // 114DNS, Nanjing
    expect(geoip.countryOf('202.96.128.86')).toBe('CN'); // China Telecom Guangdong DNS
    expect(geoip.countryOf('8.8.8.8')).toBe('US');
    expect(geoip.countryOf('81.2.69.142')).toBe('GB');
    expect(geoip.countryOf('::ffff:114.114.114.114')).toBe('CN');
    expect(geoip.countryOf('2001:4860:4860::8888')).toMatch(/^[A-Z]{2}$/);
  });

  it('places no loopback or private address, and no text that is not an address', () => {
    for (const address of ['127.0.0.1', '::1', '10.0.0.1', '192.168.1.1', 'not-an-address', ''])
      expect(geoip.countryOf(address)).toBeNull();
  });
});
