import { parseArgs } from 'node:util';

export interface ClusterOptions {
  nodes: number;
  /** The load balancer's public port; 0 picks a free one. */
  port: number;
  /** Where everything the cluster keeps lives: cluster.json, haproxy.cfg, PostgreSQL, S3, each node's data. */
  dir: string;
  /** First WebRTC port: node i's workers take rtcPort + i × workers onwards; 0 lets every worker pick a free one. */
  rtcPort: number;
  /** mediasoup workers per node. */
  workers: number;
  /** What browsers are told to send media to (every node's ICE candidates). */
  announcedIp: string;
}

export const USAGE = `Usage: npm run cluster -- [--nodes 3] [--port 8443] [--dir data/cluster]
                          [--rtc-port 40000] [--workers 1] [--announced-ip 127.0.0.1]`;

/** The launcher's command line; throws with the usage on anything it does not know. */
export function parseClusterOptions(argv: readonly string[]): ClusterOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      nodes: { type: 'string', default: '3' },
      port: { type: 'string', default: '8443' },
      dir: { type: 'string', default: 'data/cluster' },
      'rtc-port': { type: 'string', default: '40000' },
      workers: { type: 'string', default: '1' },
      'announced-ip': { type: 'string', default: '127.0.0.1' },
    },
  });
  const whole = (name: string, text: string, min: number, max: number): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`--${name} must be a whole number from ${min} to ${max}\n${USAGE}`);
    return value;
  };
  const options: ClusterOptions = {
    nodes: whole('nodes', values.nodes, 1, 32),
    port: whole('port', values.port, 0, 65535),
    dir: values.dir,
    rtcPort: whole('rtc-port', values['rtc-port'], 0, 65535),
    workers: whole('workers', values.workers, 1, 64),
    announcedIp: values['announced-ip'],
  };
  if (options.rtcPort > 0 && options.rtcPort + options.nodes * options.workers - 1 > 65535)
    throw new Error(
      `--rtc-port leaves no room for ${options.nodes * options.workers} WebRTC ports\n${USAGE}`,
    );
  return options;
}

/** Node i's (from 0) first WebRTC port: each node's workers get their own run of ports. */
export function rtcPortOf(options: Pick<ClusterOptions, 'rtcPort' | 'workers'>, index: number): number {
  return options.rtcPort === 0 ? 0 : options.rtcPort + index * options.workers;
}
