import type { types } from 'mediasoup';

/** One file of one track: what a TrackRecorder leaves behind. */
export interface RecordingSegment {
  /** Absolute path of the media file. */
  file: string;
  kind: types.MediaKind;
  /** The codec as mediasoup names it: `audio/opus`, `video/VP8`, `video/H264`. */
  codec: string;
  producerId: string;
  /** Server clock (ms) when RTP was let through to FFmpeg; the file's time 0 is at or just after it. */
  startedAt: number;
  /** Server clock (ms) when FFmpeg had exited. */
  endedAt: number;
  /**
   * complete: stopped on request, the container is finished (duration, index).
   * interrupted: FFmpeg ended by itself or was killed; what it wrote is readable, the trailer may be missing.
   * empty: no media reached the file (stopped before the first key frame).
   */
  status: 'complete' | 'interrupted' | 'empty';
}
