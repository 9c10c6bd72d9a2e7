import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAccuracy, formatCoordinates } from './coordinates.js';

const DMS = /^(\d+)°(\d\d)'(\d\d\.\d)"([NS]) (\d+)°(\d\d)'(\d\d\.\d)"([EW])$/;

describe('formatCoordinates', () => {
  it('writes degrees, minutes and seconds with the hemisphere', () => {
    expect(formatCoordinates(31.2304, 121.4737)).toBe(`31°13'49.4"N 121°28'25.3"E`);
    expect(formatCoordinates(-33.8688, -151.2093)).toBe(`33°52'07.7"S 151°12'33.5"W`);
    expect(formatCoordinates(0, 0)).toBe(`0°00'00.0"N 0°00'00.0"E`);
  });

  it('reads back within a tenth of a second of arc, for any coordinates', () => {
    const lat = fc.double({ min: -90, max: 90, noNaN: true });
    const lon = fc.double({ min: -180, max: 180, noNaN: true });
    fc.assert(
      fc.property(lat, lon, (latitude, longitude) => {
        const m = DMS.exec(formatCoordinates(latitude, longitude));
        expect(m).not.toBeNull();
        const back = (d: string, mi: string, s: string, sign: boolean) =>
          (sign ? -1 : 1) * (Number(d) + Number(mi) / 60 + Number(s) / 3600);
        expect(Math.abs(back(m![1]!, m![2]!, m![3]!, m![4] === 'S') - latitude)).toBeLessThan(0.05 / 3600);
        expect(Math.abs(back(m![5]!, m![6]!, m![7]!, m![8] === 'W') - longitude)).toBeLessThan(0.05 / 3600);
        expect(Number(m![2])).toBeLessThan(60);
        expect(Number(m![3])).toBeLessThan(60);
      }),
    );
  });

  it('rounds the accuracy to whole metres', () => {
    expect(formatAccuracy(35.4)).toBe('±35 m');
  });
});
