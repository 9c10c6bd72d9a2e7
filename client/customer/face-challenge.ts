import type { FaceChallengeView } from '../../shared/contracts/face-events.js';
import { captureJpeg } from '../call/frame-capture.js';
import type { LocalMedia } from '../call/local-media.js';
import { byTestId } from '../common/dom.js';
import { setText } from '../common/i18n.js';
import type { SocketClient } from '../common/socket.js';

/**
 * 640×480 at JPEG quality 0.75 is about 30–60 KB, well under socket.io's
 * 256 KB message limit. At 320×240 the tiny detector (landmarks on every
 * frame) misses faces of ordinary webcam size and noise, so not smaller.
 */
const FRAME_WIDTH = 640;
const FRAME_QUALITY = 0.75;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Shows the challenge the server picked, one step at a time, and sends the
 * camera's frames while the customer does it. The page only sends pictures:
 * whether the check passed is decided on the server and told to the teller.
 */
export class FaceChallengePanel {
  private readonly panel = byTestId('face-challenge');
  private running: string | null = null;

  constructor(private readonly local: LocalMedia) {}

  async run(client: SocketClient, challenge: FaceChallengeView): Promise<void> {
    const { callId, checkId, steps, captureMs, frameIntervalMs } = challenge;
    this.running = checkId;
    const count = Math.min(challenge.maxFrames, Math.floor(captureMs / frameIntervalMs));
    const progress = byTestId<HTMLProgressElement>('face-progress', this.panel);
    progress.max = count;
    this.panel.hidden = false;
    const started = performance.now();
    for (let seq = 0; seq < count && this.running === checkId; seq++) {
      // Each step gets an equal share of the capture time.
      const step = Math.min(steps.length - 1, Math.floor((seq * steps.length) / count));
      this.showStep(step, steps);
      progress.value = seq;
      await sleep(started + seq * frameIntervalMs - performance.now());
      const bytes = await captureJpeg(this.local.video, FRAME_WIDTH, FRAME_QUALITY);
      if (!bytes || this.running !== checkId) continue;
      // Not awaited: the frames keep their pace; a refused one is simply not counted.
      client
        .request('face:frame', { callId, checkId, seq, last: seq === count - 1, bytes })
        .catch((error: unknown) => console.warn(error));
    }
    if (this.running === checkId) this.ended(checkId);
  }

  /** Capture over (done here, or the server closed the window): the customer waits for the teller. */
  ended(checkId: string): void {
    if (this.running !== checkId) return;
    this.running = null;
    const progress = byTestId<HTMLProgressElement>('face-progress', this.panel);
    progress.value = progress.max;
    setText(byTestId('face-instruction', this.panel), 'face.checking');
    byTestId('face-step-count', this.panel).textContent = '';
    setTimeout(() => {
      if (this.running === null) this.panel.hidden = true;
    }, 3000);
  }

  stop(): void {
    this.running = null;
    this.panel.hidden = true;
  }

  private showStep(index: number, steps: FaceChallengeView['steps']): void {
    setText(byTestId('face-step-count', this.panel), 'face.stepOf', { n: index + 1, total: steps.length });
    setText(byTestId('face-instruction', this.panel), `face.step.${steps[index]!}`);
  }
}
