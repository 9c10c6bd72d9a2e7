import type { CallView } from '../../shared/contracts/socket-events.js';
import { request, type TestSocket } from './clients.js';

/** Parameters a browser would send, enough for mediasoup to accept them without real RTP. */
export const fakeDtlsParameters = {
  role: 'client',
  fingerprints: [{ algorithm: 'sha-256', value: Array.from({ length: 32 }, () => 'AB').join(':') }],
};

export function fakeRtpParameters(kind: 'audio' | 'video', ssrc: number): Record<string, unknown> {
  const codec =
    kind === 'audio'
      ? {
          mimeType: 'audio/opus',
          payloadType: 100,
          clockRate: 48000,
          channels: 2,
          parameters: {},
          rtcpFeedback: [],
        }
      : {
          mimeType: 'video/VP8',
          payloadType: 101,
          clockRate: 90000,
          parameters: {},
          rtcpFeedback: [
            { type: 'nack' },
            { type: 'nack', parameter: 'pli' },
            { type: 'ccm', parameter: 'fir' },
          ],
        };
  return { codecs: [codec], headerExtensions: [], encodings: [{ ssrc }], rtcp: { cname: `fake-${ssrc}` } };
}

/** A transport of `socket` on the call, connected with fake DTLS: consumers and producers are made, no RTP flows. */
export async function fakeTransport(
  socket: TestSocket,
  callId: string,
  direction: 'send' | 'recv',
): Promise<string> {
  const transport = await request(socket, 'media:createTransport', { callId, direction });
  await request(socket, 'media:connectTransport', {
    callId,
    transportId: transport.id,
    dtlsParameters: fakeDtlsParameters,
  });
  return transport.id;
}

/** One side's media: a send and a recv transport, audio and video produced. */
export async function joinMedia(socket: TestSocket, call: CallView, ssrcBase: number) {
  const { callId, routerRtpCapabilities: rtpCapabilities } = call;
  const send = await request(socket, 'media:createTransport', { callId, direction: 'send' });
  const recv = await request(socket, 'media:createTransport', { callId, direction: 'recv' });
  for (const t of [send, recv]) {
    await request(socket, 'media:connectTransport', {
      callId,
      transportId: t.id,
      dtlsParameters: fakeDtlsParameters,
    });
  }
  const audio = await request(socket, 'media:produce', {
    callId,
    transportId: send.id,
    kind: 'audio',
    rtpParameters: fakeRtpParameters('audio', ssrcBase + 1),
  });
  const video = await request(socket, 'media:produce', {
    callId,
    transportId: send.id,
    kind: 'video',
    rtpParameters: fakeRtpParameters('video', ssrcBase + 2),
  });
  return { rtpCapabilities, send, recv, producerIds: [audio.producerId, video.producerId] };
}
