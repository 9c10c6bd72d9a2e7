import dgram from 'node:dgram';
import type { types } from 'mediasoup';

export interface RtpCounter {
  consumer: types.Consumer;
  /** RTP packets that reached the socket with the consumer's SSRC. */
  packets(): number;
  close(): void;
}

/**
 * Consumes `producerId` on `router` through a PlainTransport that sends to a
 * UDP socket of this process, and counts the RTP that really arrives there.
 */
export async function countRtp(router: types.Router, producerId: string): Promise<RtpCounter> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const transport = await router.createPlainTransport({
    listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
    rtcpMux: true,
    comedia: false,
  });
  await transport.connect({ ip: '127.0.0.1', port: socket.address().port });
  const consumer = await transport.consume({ producerId, rtpCapabilities: router.rtpCapabilities });
  const ssrc = consumer.rtpParameters.encodings![0]!.ssrc!;
  let packets = 0;
  socket.on('message', (message) => {
    // RTP version 2, and not RTCP (packet types 200–207 share the port with rtcpMux).
    const isRtp =
      message.length >= 12 && message[0]! >> 6 === 2 && !(message[1]! >= 200 && message[1]! <= 207);
    if (isRtp && message.readUInt32BE(8) === ssrc) packets++;
  });
  return {
    consumer,
    packets: () => packets,
    close: () => {
      transport.close();
      socket.close();
    },
  };
}
