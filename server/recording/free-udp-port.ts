import dgram from 'node:dgram';

/** Ports handed out and maybe not bound yet by their FFmpeg, so two recorders never get the same. */
const handedOut = new Map<number, number>();
const HOLD_MS = 30_000;

const bindable = (port: number, host: string): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, host, () => socket.close(() => resolve(true)));
  });

/**
 * An even UDP port P with P + 1 free as well (FFmpeg binds RTP on P and RTCP
 * on P + 1 even when RTCP comes muxed on P), found by binding both. The system
 * picks P (port 0), so it lies in the ephemeral range, away from the WebRTC ports.
 */
export async function freeUdpPortPair(host = '127.0.0.1', attempts = 50): Promise<number> {
  const now = Date.now();
  for (const [port, at] of handedOut) if (now - at > HOLD_MS) handedOut.delete(port);
  for (let i = 0; i < attempts; i++) {
    const picked = await new Promise<number>((resolve, reject) => {
      const socket = dgram.createSocket('udp4');
      socket.once('error', reject);
      socket.bind(0, host, () => {
        const { port } = socket.address();
        socket.close(() => resolve(port));
      });
    });
    const port = picked % 2 === 0 ? picked : picked - 1;
    if (port < 1024 || handedOut.has(port)) continue;
    if ((await bindable(port, host)) && (await bindable(port + 1, host))) {
      handedOut.set(port, now);
      return port;
    }
  }
  throw new Error('no free UDP port pair for a recorder');
}
