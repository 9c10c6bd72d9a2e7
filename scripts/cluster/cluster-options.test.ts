import { describe, expect, it } from 'vitest';
import { parseClusterOptions, rtcPortOf } from './cluster-options.js';

describe('parseClusterOptions', () => {
  it('starts three nodes on 8443 in data/cluster unless told', () => {
    expect(parseClusterOptions([])).toEqual({
      nodes: 3,
      port: 8443,
      dir: 'data/cluster',
      rtcPort: 40000,
      workers: 1,
      announcedIp: '127.0.0.1',
    });
    expect(parseClusterOptions(['--nodes', '2', '--port', '0', '--dir', '/tmp/c'])).toMatchObject({
      nodes: 2,
      port: 0,
      dir: '/tmp/c',
    });
  });

  it('refuses what it does not know, with the usage', () => {
    for (const argv of [['--nodes', '0'], ['--nodes', 'two'], ['--port', '70000'], ['--colour'], ['extra']])
      expect(() => parseClusterOptions(argv)).toThrow();
    expect(() => parseClusterOptions(['--nodes', '0'])).toThrow(/Usage: npm run cluster/);
    expect(() => parseClusterOptions(['--rtc-port', '65535', '--nodes', '2'])).toThrow(/--rtc-port/);
  });

  it('gives each node its own run of WebRTC ports, or free ones', () => {
    expect([0, 1, 2].map((i) => rtcPortOf({ rtcPort: 40000, workers: 2 }, i))).toEqual([40000, 40002, 40004]);
    expect(rtcPortOf({ rtcPort: 0, workers: 2 }, 1)).toBe(0);
  });
});
