/** The server's view of one frame the customer's page sent during a challenge. */
export interface IncomingFrame {
  socketId: string;
  /** Server clock, epoch ms, when the frame arrived. */
  receivedAt: number;
  sha256: string;
  /** The page's frame number, rising. */
  seq: number;
  /** Which asked movement the page was showing (0-based, in the challenge's order). */
  phase: number;
}

export interface FrameWindowRules {
  /** The socket of the call's customer when the challenge was issued. */
  customerSocketId: string;
  opensAt: number;
  /**
   * Last acceptable arrival: a generous overall limit. The frames are judged
   * on their count per phase, not on when they came, so a slow page only
   * takes longer.
   */
  closesAt: number;
  /** One per asked movement. */
  phases: number;
  minFramesPerPhase: number;
  maxFramesPerPhase: number;
}

export type FrameRefusal =
  | 'wrong_socket'
  | 'outside_window'
  | 'replayed'
  | 'out_of_sequence'
  | 'too_many_frames';

/** What has been admitted so far, as the sequence check needs it. */
export interface AdmittedSoFar {
  lastSeq: number | null;
  /** Frames admitted per phase; its length is the phase reached. */
  perPhase: number[];
}

export const nothingAdmitted = (): AdmittedSoFar => ({ lastSeq: null, perPhase: [] });

/**
 * Whether one more frame may join the challenge. Frames come in the
 * challenge's sequence: rising frame numbers, phases in order from the first,
 * none skipped. `knownHashes` holds every frame hash already admitted on this
 * call, in this check or an earlier one, so a replay of earlier frames is refused.
 */
export function admitFrame(
  rules: FrameWindowRules,
  frame: IncomingFrame,
  soFar: AdmittedSoFar,
  knownHashes: ReadonlySet<string>,
): FrameRefusal | null {
  if (frame.socketId !== rules.customerSocketId) return 'wrong_socket';
  if (frame.receivedAt < rules.opensAt || frame.receivedAt > rules.closesAt) return 'outside_window';
  if (knownHashes.has(frame.sha256)) return 'replayed';
  const current = soFar.perPhase.length - 1;
  const inOrder =
    (soFar.lastSeq === null || frame.seq > soFar.lastSeq) &&
    frame.phase < rules.phases &&
    (frame.phase === current || frame.phase === current + 1);
  if (!inOrder) return 'out_of_sequence';
  if ((soFar.perPhase[frame.phase] ?? 0) >= rules.maxFramesPerPhase) return 'too_many_frames';
  return null;
}

/** The sequence once `frame` is admitted. */
export function withFrame(soFar: AdmittedSoFar, frame: Pick<IncomingFrame, 'seq' | 'phase'>): AdmittedSoFar {
  const perPhase = [...soFar.perPhase];
  perPhase[frame.phase] = (perPhase[frame.phase] ?? 0) + 1;
  return { lastSeq: frame.seq, perPhase };
}

/** Whether every phase holds enough frames to be judged. */
export function enoughFrames(rules: FrameWindowRules, soFar: AdmittedSoFar): boolean {
  return Array.from({ length: rules.phases }, (_, i) => soFar.perPhase[i] ?? 0).every(
    (count) => count >= rules.minFramesPerPhase,
  );
}

export interface FrameSeriesVerdict {
  admitted: IncomingFrame[];
  refused: { frame: IncomingFrame; reason: FrameRefusal }[];
  perPhase: number[];
  /** 'too_few_frames' when some phase holds fewer than minFramesPerPhase. */
  failure?: 'too_few_frames';
}

/** Admits a whole series in arrival order, as the socket layer does frame by frame. */
export function judgeFrameSeries(
  rules: FrameWindowRules,
  frames: IncomingFrame[],
  earlierHashes: ReadonlySet<string> = new Set(),
): FrameSeriesVerdict {
  const known = new Set(earlierHashes);
  const admitted: IncomingFrame[] = [];
  const refused: FrameSeriesVerdict['refused'] = [];
  let soFar = nothingAdmitted();
  for (const frame of frames) {
    const reason = admitFrame(rules, frame, soFar, known);
    if (reason) {
      refused.push({ frame, reason });
    } else {
      admitted.push(frame);
      known.add(frame.sha256);
      soFar = withFrame(soFar, frame);
    }
  }
  const verdict = { admitted, refused, perPhase: soFar.perPhase };
  return enoughFrames(rules, soFar) ? verdict : { ...verdict, failure: 'too_few_frames' };
}
