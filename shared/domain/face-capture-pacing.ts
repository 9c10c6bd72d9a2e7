/**
 * How the customer's page paces a face-check challenge, and what the server
 * expects of it. One phase per asked movement, shown for at least
 * `phaseMs` (longer in elderly mode), and at least `minFramesPerPhase`
 * frames in each, however slowly the frames go: a phone or a machine that
 * falls behind takes longer, it does not run out of time. The page sends
 * its next frame only once the previous one was acknowledged (back-pressure)
 * and never faster than `frameIntervalMs`.
 */
export interface CapturePacing {
  /** Least time each movement is shown for, on the page's clock. */
  phaseMs: number;
  /** The same in elderly mode: an older customer is asked to turn slowly. */
  elderlyPhaseMs: number;
  /** Fastest pace: one frame per this many ms. */
  frameIntervalMs: number;
  minFramesPerPhase: number;
  /** The server refuses more in one phase (room for the elderly pace and some slack). */
  maxFramesPerPhase: number;
}

export const CAPTURE_PACING: CapturePacing = {
  phaseMs: 4_000,
  elderlyPhaseMs: 6_000,
  frameIntervalMs: 250,
  minFramesPerPhase: 6,
  maxFramesPerPhase: 6_000 / 250 + 6,
};

export const phaseMsFor = (pacing: CapturePacing, elderly: boolean): number =>
  elderly ? pacing.elderlyPhaseMs : pacing.phaseMs;

/** Where the page's capture stands. Times are the page's own clock, ms. */
export interface CaptureState {
  phase: number;
  /** When the current phase's instruction was first shown. */
  phaseStartedAt: number;
  framesInPhase: number;
  lastSentAt: number | null;
  done: boolean;
}

export type CaptureMove =
  | { kind: 'send'; phase: number; last: boolean }
  | { kind: 'wait'; ms: number }
  | { kind: 'done' };

export const startCapture = (now: number): CaptureState => ({
  phase: 0,
  phaseStartedAt: now,
  framesInPhase: 0,
  lastSentAt: null,
  done: false,
});

/**
 * What the page does next at `now`: wait for the pace, send a frame in the
 * current (or next) phase, or stop. A phase is over once it has been shown
 * for `phaseMs` and holds `minFramesPerPhase` frames; the frame that ends the
 * last phase is marked last.
 */
export function nextCaptureMove(
  pacing: CapturePacing,
  phaseMs: number,
  phases: number,
  state: CaptureState,
  now: number,
): CaptureMove {
  if (state.done) return { kind: 'done' };
  if (state.lastSentAt !== null && now - state.lastSentAt < pacing.frameIntervalMs) {
    return { kind: 'wait', ms: state.lastSentAt + pacing.frameIntervalMs - now };
  }
  const shownLongEnough = now - state.phaseStartedAt >= phaseMs;
  const enoughFrames = state.framesInPhase >= pacing.minFramesPerPhase;
  const lastPhase = state.phase === phases - 1;
  if (shownLongEnough && enoughFrames && !lastPhase)
    return { kind: 'send', phase: state.phase + 1, last: false };
  if (state.framesInPhase >= pacing.maxFramesPerPhase - 1 && !shownLongEnough) {
    // Only with a pace far faster than the interval: keep the last allowed frame for the end.
    return { kind: 'wait', ms: state.phaseStartedAt + phaseMs - now };
  }
  const last = lastPhase && shownLongEnough && state.framesInPhase + 1 >= pacing.minFramesPerPhase;
  return { kind: 'send', phase: state.phase, last };
}

/**
 * The state after a frame of `move` was sent at `sentAt` (and acknowledged,
 * or refused: `counted` false). A new phase starts when its first frame is
 * sent, which is when its instruction is shown.
 */
export function frameSent(
  state: CaptureState,
  move: Extract<CaptureMove, { kind: 'send' }>,
  sentAt: number,
  counted: boolean,
): CaptureState {
  const newPhase = move.phase !== state.phase;
  const framesBefore = newPhase ? 0 : state.framesInPhase;
  return {
    phase: move.phase,
    phaseStartedAt: newPhase ? sentAt : state.phaseStartedAt,
    framesInPhase: framesBefore + (counted ? 1 : 0),
    lastSentAt: sentAt,
    done: move.last && counted,
  };
}
