import dgram from 'node:dgram';

/**
 * An RTCP compound packet: an empty receiver report, then a BYE. FFmpeg's RTP
 * reader ends its input when every stream has said BYE, and FFmpeg then
 * finishes the file as at the end of any input: trailer, duration, seek index.
 * Unlike a signal it works whether or not media still comes, and it needs no
 * process handle. (FFmpeg drops datagrams under 12 bytes, hence the report.)
 */
export function rtcpBye(ssrc = 1): Buffer {
  const packet = Buffer.alloc(16);
  packet.writeUInt8(0x80, 0); // V=2, no reports
  packet.writeUInt8(201, 1); // RR
  packet.writeUInt16BE(1, 2);
  packet.writeUInt32BE(ssrc, 4);
  packet.writeUInt8(0x81, 8); // V=2, one source
  packet.writeUInt8(203, 9); // BYE
  packet.writeUInt16BE(1, 10);
  packet.writeUInt32BE(ssrc, 12);
  return packet;
}

/** Sends the BYE to an FFmpeg reading RTP on `port`. */
export function sendRtcpBye(port: number, host = '127.0.0.1'): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', (error) => {
      socket.close();
      reject(error);
    });
    socket.send(rtcpBye(), port, host, (error) => {
      socket.close();
      if (error) reject(error);
      else resolve();
    });
  });
}
