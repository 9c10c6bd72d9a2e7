/** The server's view of one frame the customer's page sent during a challenge. */
export interface IncomingFrame {
  socketId: string;
  /** Server clock, epoch ms, when the frame arrived. */
  receivedAt: number;
  sha256: string;
}

export interface FrameWindowRules {
  /** The socket of the call's customer when the challenge was issued. */
  customerSocketId: string;
  opensAt: number;
  /** Last acceptable arrival time (the caller includes any network grace). */
  closesAt: number;
  minFrames: number;
  maxFrames: number;
}

export type FrameRefusal = 'wrong_socket' | 'outside_window' | 'replayed' | 'too_many_frames';

/**
 * Whether one more frame may join the challenge. `knownHashes` holds every
 * frame hash already admitted on this call, in this check or an earlier one,
 * so a replay of earlier frames is refused.
 */
export function admitFrame(
  rules: FrameWindowRules,
  frame: IncomingFrame,
  admittedSoFar: number,
  knownHashes: ReadonlySet<string>,
): FrameRefusal | null {
  if (frame.socketId !== rules.customerSocketId) return 'wrong_socket';
  if (frame.receivedAt < rules.opensAt || frame.receivedAt > rules.closesAt) return 'outside_window';
  if (knownHashes.has(frame.sha256)) return 'replayed';
  if (admittedSoFar >= rules.maxFrames) return 'too_many_frames';
  return null;
}

export interface FrameSeriesVerdict {
  admitted: IncomingFrame[];
  refused: { frame: IncomingFrame; reason: FrameRefusal }[];
  /** 'too_few_frames' when fewer than minFrames were admitted. */
  failure?: 'too_few_frames';
}

/** Admits a whole series in arrival order, as the socket layer would frame by frame. */
export function judgeFrameSeries(
  rules: FrameWindowRules,
  frames: IncomingFrame[],
  earlierHashes: ReadonlySet<string> = new Set(),
): FrameSeriesVerdict {
  const known = new Set(earlierHashes);
  const admitted: IncomingFrame[] = [];
  const refused: FrameSeriesVerdict['refused'] = [];
  for (const frame of frames) {
    const reason = admitFrame(rules, frame, admitted.length, known);
    if (reason) {
      refused.push({ frame, reason });
    } else {
      admitted.push(frame);
      known.add(frame.sha256);
    }
  }
  return admitted.length < rules.minFrames
    ? { admitted, refused, failure: 'too_few_frames' }
    : { admitted, refused };
}
