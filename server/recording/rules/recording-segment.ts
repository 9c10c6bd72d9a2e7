import type { types } from 'mediasoup';
import type { ProducerSource } from '../../../shared/contracts/media.js';

/** One file of one track: what a TrackRecorder leaves behind. */
export interface RecordingSegment {
  /** Absolute path of the media file. */
  file: string;
  kind: types.MediaKind;
  /** What the producer carried beyond the participant's camera and microphone (a shared screen). */
  source?: ProducerSource;
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
   * empty: nothing reached the file: stopped before FFmpeg had probed the input
   * (about 1.5 s of media after the first key frame), so what it held is lost.
   */
  status: 'complete' | 'interrupted' | 'empty';
  /** How FFmpeg ended (255 after SIGINT is a clean finish), for the logs. */
  ffmpegExit: { code: number | null; signal: NodeJS.Signals | null };
}
