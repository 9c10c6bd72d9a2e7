import type { types } from 'mediasoup';

/** How one codec is recorded: what FFmpeg is told it receives, and the container it is copied into. */
export interface RecordingFormat {
  mimeType: 'audio/opus' | 'video/VP8' | 'video/H264';
  /** FFmpeg muxer and file extension. */
  muxer: 'webm' | 'matroska';
  extension: 'webm' | 'mkv';
}

const FORMATS: readonly RecordingFormat[] = [
  { mimeType: 'audio/opus', muxer: 'webm', extension: 'webm' },
  { mimeType: 'video/VP8', muxer: 'webm', extension: 'webm' },
  // WebM allows only VP8/VP9/AV1 and Opus/Vorbis; H264 goes into plain Matroska.
  { mimeType: 'video/H264', muxer: 'matroska', extension: 'mkv' },
];

export function recordingFormat(mimeType: string): RecordingFormat | undefined {
  return FORMATS.find((f) => f.mimeType.toLowerCase() === mimeType.toLowerCase());
}

/**
 * The router's capabilities cut down to what FFmpeg's RTP input copies without
 * re-encoding: Opus, VP8 and H264 in packetization mode 1; no RTX, no header
 * extensions and no RTCP feedback (FFmpeg sends no NACK or PLI; the recorder
 * asks for key frames itself, and without NACK the consumer keeps no
 * retransmission buffer).
 */
export function recorderRtpCapabilities(router: types.RtpCapabilities): types.RtpCapabilities {
  const codecs = (router.codecs ?? [])
    .filter((c) => recordingFormat(c.mimeType))
    .filter((c) => c.mimeType.toLowerCase() !== 'video/h264' || c.parameters?.['packetization-mode'] === 1)
    .map((c) => ({ ...c, rtcpFeedback: [] }));
  return { codecs, headerExtensions: [] };
}
