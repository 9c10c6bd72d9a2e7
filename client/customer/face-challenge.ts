import type { FaceChallengeView, FaceCustomerOutcome } from '../../shared/contracts/face-events.js';
import {
  frameSent,
  nextCaptureMove,
  phaseMsFor,
  startCapture,
  type CaptureState,
} from '../../shared/domain/face-capture-pacing.js';
import { captureJpeg } from '../call/frame-capture.js';
import type { LocalMedia } from '../call/local-media.js';
import { byTestId } from '../common/dom.js';
import { setText, t, type MessageKey } from '../common/i18n.js';
import { FacePanelPlacement } from './face-panel-placement.js';
import type { SocketClient } from '../common/socket.js';

/**
 * 640×480 at JPEG quality 0.75 is about 30–60 KB, well under socket.io's
 * 256 KB message limit. At 320×240 the tiny detector (landmarks on every
 * frame) misses faces of ordinary webcam size and noise, so not smaller.
 */
const FRAME_WIDTH = 640;
const FRAME_QUALITY = 0.75;
/** How long a pass stays on screen; a fail stays until the next check, so the customer can read it. */
const PASSED_SHOWN_MS = 15_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

const OUTCOME_TEXT: Record<FaceCustomerOutcome['outcome'], MessageKey> = {
  pass: 'face.customer.passed',
  fail: 'face.customer.failed',
  review: 'face.customer.review',
};

/**
 * Shows the challenge the server picked, one movement at a time, and sends
 * the camera's frames while the customer does it, at the pace the page and
 * the connection manage: the next frame only once the server took the last
 * one, each movement shown for at least its time and until it has enough
 * frames (shared/domain/face-capture-pacing.ts). The server judges; the page
 * then says in words whether the check passed.
 */
export class FaceChallengePanel {
  private readonly panel = byTestId('face-challenge');
  private readonly progress = byTestId<HTMLProgressElement>('face-progress', this.panel);
  private readonly instruction = byTestId('face-instruction', this.panel);
  private readonly stepCount = byTestId('face-step-count', this.panel);
  /** Outside the panel, so that it is in the page when the panel appears and screen readers hear every change. */
  private readonly announcer = byTestId('face-announce');
  private running: string | null = null;
  private hideTimer: ReturnType<typeof setTimeout> | undefined;

  private readonly placement: FacePanelPlacement;

  constructor(
    private readonly local: LocalMedia,
    private readonly elderly: () => boolean,
  ) {
    this.placement = new FacePanelPlacement(this.panel, local.video);
  }

  async run(client: SocketClient, challenge: FaceChallengeView): Promise<void> {
    const { callId, checkId, steps, pacing } = challenge;
    this.running = checkId;
    const phaseMs = phaseMsFor(pacing, this.elderly());
    const started = performance.now();
    this.open();
    let state = startCapture(started);
    this.showStep(0, steps);
    let seq = 0;
    // The page stops on its own at the server's limit, should the end never be heard.
    while (this.running === checkId && performance.now() - started < challenge.limitMs) {
      const move = nextCaptureMove(pacing, phaseMs, steps.length, state, performance.now());
      if (move.kind === 'done') break;
      if (move.kind === 'wait') {
        this.showProgress(state, phaseMs, steps.length, pacing.minFramesPerPhase);
        await sleep(Math.min(move.ms, 250));
        continue;
      }
      if (move.phase !== state.phase) this.showStep(move.phase, steps);
      const shownAt = performance.now();
      const bytes = await captureJpeg(this.local.video, FRAME_WIDTH, FRAME_QUALITY);
      if (this.running !== checkId) break;
      if (!bytes) {
        await sleep(pacing.frameIntervalMs);
        continue;
      }
      const frame = { callId, checkId, seq: seq++, phase: move.phase, last: move.last, bytes };
      // Awaited: a slow connection or server slows the frames down instead of losing them.
      const counted = await client.request('face:frame', frame).then(
        () => true,
        (error: unknown) => {
          console.warn(error);
          return false;
        },
      );
      state = frameSent(state, move, shownAt, counted);
      this.showProgress(state, phaseMs, steps.length, pacing.minFramesPerPhase);
    }
    if (this.running === checkId) this.ended(checkId);
  }

  /** Capture over (done here, or the server closed the window): the customer waits for the result. */
  ended(checkId: string): void {
    if (this.running !== checkId) return;
    this.running = null;
    this.progress.value = this.progress.max;
    this.say('face.checking');
    this.clearStepCount();
  }

  /** The server's verdict, in words; with the attempts used up, what to do instead. */
  outcome(outcome: FaceCustomerOutcome): void {
    if (this.running !== null && this.running !== outcome.checkId) return;
    this.running = null;
    this.open();
    this.panel.dataset.outcome = outcome.outcome;
    this.progress.hidden = true;
    this.clearStepCount();
    const key = outcome.exhausted ? 'face.customer.exhausted' : OUTCOME_TEXT[outcome.outcome];
    this.say(key);
    if (outcome.outcome === 'pass') this.hideTimer = setTimeout(() => this.stop(), PASSED_SHOWN_MS);
  }

  stop(): void {
    this.running = null;
    clearTimeout(this.hideTimer);
    this.panel.hidden = true;
    this.placement.hidden();
  }

  private open(): void {
    clearTimeout(this.hideTimer);
    delete this.panel.dataset.outcome;
    this.progress.hidden = false;
    this.progress.max = 100;
    this.progress.value = 0;
    this.panel.hidden = false;
    // Fixed at the bottom of the screen, with the customer's own picture brought to just above it.
    this.placement.shown();
  }

  private showStep(index: number, steps: FaceChallengeView['steps']): void {
    setText(this.stepCount, 'face.stepOf', { n: index + 1, total: steps.length });
    this.say(`face.step.${steps[index]!}`);
    this.placement.bring();
  }

  /** The share done: whole movements, and of the current one its time or its frames, whichever lags. */
  private showProgress(state: CaptureState, phaseMs: number, phases: number, minFrames: number): void {
    const timeShare = (performance.now() - state.phaseStartedAt) / phaseMs;
    const frameShare = state.framesInPhase / minFrames;
    const current = state.done ? 1 : Math.min(1, timeShare, frameShare);
    this.progress.value = Math.round(((state.phase + current) / phases) * 100);
    this.progress.setAttribute('aria-valuetext', t('face.progressText', { percent: this.progress.value }));
  }

  /** Emptied for good: a language switch re-renders whatever key an element still names. */
  private clearStepCount(): void {
    delete this.stepCount.dataset.i18n;
    delete this.stepCount.dataset.i18nArgs;
    this.stepCount.textContent = '';
  }

  private say(key: MessageKey): void {
    setText(this.instruction, key);
    this.announcer.textContent = this.instruction.textContent;
  }
}
