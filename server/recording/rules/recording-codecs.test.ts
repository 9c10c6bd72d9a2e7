import type { types } from 'mediasoup';
import { describe, expect, it } from 'vitest';
import { MEDIA_CODECS } from '../../platform/media/media-codecs.js';
import { recorderRtpCapabilities, recordingFormat } from './recording-codecs.js';
import { recorderSdp } from './recorder-sdp.js';

const routerCaps: types.RtpCapabilities = {
  codecs: [
    ...MEDIA_CODECS.map((c, i) => ({
      ...c,
      preferredPayloadType: 100 + i,
      rtcpFeedback: [{ type: 'nack' }],
    })),
    {
      kind: 'video',
      mimeType: 'video/rtx',
      clockRate: 90000,
      preferredPayloadType: 110,
      parameters: { apt: 101 },
    },
    {
      kind: 'video',
      mimeType: 'video/H264',
      clockRate: 90000,
      preferredPayloadType: 111,
      parameters: { 'packetization-mode': 0 },
    },
  ],
  headerExtensions: [{ kind: 'video', uri: 'urn:3gpp:video-orientation', preferredId: 4 }],
};

describe('what the recorder asks FFmpeg to take', () => {
  it('keeps Opus, VP8 and H264 mode 1, without RTX, feedback or header extensions', () => {
    const caps = recorderRtpCapabilities(routerCaps);
    expect(caps.codecs!.map((c) => `${c.mimeType}/${c.preferredPayloadType}`)).toEqual([
      'audio/opus/100',
      'video/VP8/101',
      'video/H264/102',
    ]);
    expect(caps.codecs!.every((c) => c.rtcpFeedback?.length === 0)).toBe(true);
    expect(caps.headerExtensions).toEqual([]);
    expect(recordingFormat('video/h264')).toMatchObject({ muxer: 'matroska', extension: 'mkv' });
    expect(recordingFormat('video/VP9')).toBeUndefined();
  });

  it('writes an SDP with the consumer’s payload type, clock rate, channels and parameters', () => {
    const opus = recorderSdp(
      'audio',
      {
        codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }],
        encodings: [{ ssrc: 1 }],
      },
      40_000,
    );
    expect(opus).toContain('m=audio 40000 RTP/AVP 100\r\na=rtpmap:100 opus/48000/2\r\na=rtcp-mux\r\n');
    const h264 = recorderSdp(
      'video',
      {
        codecs: [
          {
            mimeType: 'video/H264',
            payloadType: 102,
            clockRate: 90000,
            parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f' },
          },
        ],
      },
      40_002,
    );
    expect(h264).toContain(
      'a=rtpmap:102 H264/90000\r\na=fmtp:102 packetization-mode=1;profile-level-id=42e01f\r\n',
    );
  });
});
