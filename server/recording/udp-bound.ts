import fs from 'node:fs/promises';

/**
 * True when some process has a UDP socket bound to `port` on IPv4, read from
 * /proc/net/udp. Reading, not binding, so the check can never take the port
 * from the FFmpeg it waits for.
 */
export async function udpPortBound(port: number): Promise<boolean> {
  const table = await fs.readFile('/proc/net/udp', 'utf8');
  const hexPort = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return table.split('\n').some((line) => line.trim().split(/\s+/)[1]?.endsWith(hexPort));
}

/** Waits until `port` is bound, or rejects after `timeoutMs` (or if `gone()` says the process ended). */
export async function waitUntilUdpBound(port: number, timeoutMs: number, gone: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await udpPortBound(port))) {
    if (gone()) throw new Error('FFmpeg exited before it listened');
    if (Date.now() > deadline) throw new Error(`FFmpeg did not listen on UDP ${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
