/** Stable codes for what can go wrong while recording, for logs and for callers that branch on them. */
export type RecorderErrorCode =
  /** The producer's codec cannot be copied into a file without re-encoding. */
  | 'recorder_codec_unsupported'
  /** FFmpeg did not start, did not listen, or exited while being set up. */
  | 'recorder_ffmpeg_failed'
  /** The recording was already stopped. */
  | 'recorder_closed';

export class RecorderError extends Error {
  constructor(
    readonly code: RecorderErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RecorderError';
  }
}
