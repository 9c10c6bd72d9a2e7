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
