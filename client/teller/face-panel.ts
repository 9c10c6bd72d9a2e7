import type { FaceCheckResultView, FaceProgressView } from '../../shared/contracts/face-events.js';
import { byTestId } from '../common/dom.js';
import { isMessageKey, setText, t } from '../common/i18n.js';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import { callApi, urlOf } from '../common/api.js';
import { errorCode, type SocketClient } from '../common/socket.js';
import type { StatusLine } from '../common/status-line.js';
import { showPassiveSignals } from './passive-signals-view.js';
import { showReferenceFacts } from './face-reference-facts.js';

/**
 * The teller's face check: start it, follow the challenge, read the result
 * (reference and live face side by side, distance against the threshold),
 * and decide a result in the review band. The result comes from the server.
 */
export class FacePanel {
  private readonly panel = byTestId('face-panel');
  private readonly start = byTestId<HTMLButtonElement>('start-face-check', this.panel);
  private readonly upload = this.panel.querySelector<HTMLInputElement>('input[name=tellerReferencePhoto]')!;
  private readonly result = byTestId('face-result', this.panel);
  /** Every attempt failed: what the teller offers instead. */
  private readonly exhausted = byTestId('face-exhausted', this.panel);
  private callId: string | null = null;
  private shown: FaceCheckResultView | null = null;

  constructor(
    private readonly client: SocketClient,
    private readonly status: StatusLine,
  ) {
    this.start.addEventListener('click', () => void this.startCheck());
    this.upload.addEventListener('change', () => void this.uploadOnFile());
    byTestId('face-decide-pass', this.panel).addEventListener('click', () => void this.decide('pass'));
    byTestId('face-decide-fail', this.panel).addEventListener('click', () => void this.decide('fail'));
    client.on('face:progress', (progress) => this.showProgress(progress));
    client.on('face:result', (result) => this.showResult(result));
  }

  attach(callId: string): void {
    if (this.callId === callId) return;
    this.callId = callId;
    this.shown = null;
    this.result.hidden = true;
    this.exhausted.hidden = true;
    byTestId('face-progress-text', this.panel).hidden = true;
    this.start.disabled = false;
  }

  detach(): void {
    this.callId = null;
    this.shown = null;
  }

  private async startCheck(): Promise<void> {
    const callId = this.callId;
    if (!callId) return;
    this.start.disabled = true;
    try {
      this.showProgress(await this.client.request('face:start', { callId }));
    } catch (error) {
      this.start.disabled = false;
      if (errorCode(error) === 'face_attempts_exhausted') this.showExhausted();
      this.status.failure(error);
    }
  }

  private showExhausted(): void {
    this.start.disabled = true;
    this.exhausted.hidden = false;
  }

  private async uploadOnFile(): Promise<void> {
    const file = this.upload.files?.[0];
    if (!file || !this.callId) return;
    try {
      await callApi(restRoutes.uploadCallReferencePhoto, { params: { callId: this.callId }, body: file });
      this.status.info('face.referenceStored');
    } catch (error) {
      this.status.failure(error);
    } finally {
      this.upload.value = '';
    }
  }

  private async decide(decision: 'pass' | 'fail'): Promise<void> {
    const shown = this.shown;
    if (!shown) return;
    try {
      this.showResult(
        await this.client.request('face:decide', { callId: shown.callId, checkId: shown.checkId, decision }),
      );
    } catch (error) {
      this.status.failure(error);
    }
  }

  private showProgress(progress: FaceProgressView): void {
    if (progress.callId !== this.callId) return;
    const steps = progress.steps.map((step) => t(`face.step.${step}`)).join(' → ');
    const text = byTestId('face-progress-text', this.panel);
    text.hidden = false;
    if (progress.status === 'judging') setText(text, 'face.judging', { frames: progress.framesAdmitted });
    else setText(text, 'face.progress', { steps, frames: progress.framesAdmitted });
  }

  private showResult(result: FaceCheckResultView): void {
    if (result.callId !== this.callId) return;
    this.shown = result;
    this.start.disabled = false;
    this.exhausted.hidden = true;
    if (result.failedAttempts >= result.maxAttempts) this.showExhausted();
    byTestId('face-progress-text', this.panel).hidden = true;
    this.result.hidden = false;
    this.result.dataset.outcome = result.outcome;
    this.result.dataset.checkId = result.checkId;
    setText(byTestId('face-outcome', this.panel), `face.outcome.${result.outcome}`);
    const distance = byTestId('face-distance', this.panel);
    if (result.distance === null)
      setText(distance, 'face.noDistance', { threshold: result.threshold.toFixed(2) });
    else
      setText(distance, 'face.distance', {
        distance: result.distance.toFixed(3),
        threshold: result.threshold.toFixed(2),
      });
    distance.dataset.distance = result.distance === null ? '' : String(result.distance);
    byTestId<HTMLImageElement>('face-reference-image', this.panel).src = urlOf(
      restRoutes.callReferencePhoto,
      {
        params: { callId: result.callId },
        query: { check: result.checkId },
      },
    );
    const live = byTestId<HTMLImageElement>('face-live-image', this.panel);
    live.hidden = !result.thumbnail;
    live.src = result.thumbnail ?? '';
    const reasons = byTestId('face-reasons', this.panel);
    reasons.replaceChildren(
      ...result.reasons.map((reason) => {
        const item = document.createElement('li');
        const key = `face.reason.${reason}`;
        // Through setText: a language switch words the reasons again.
        if (isMessageKey(key)) setText(item, key);
        else item.textContent = reason;
        return item;
      }),
    );
    setText(byTestId('face-attempts', this.panel), 'face.attempts', {
      failed: result.failedAttempts,
      max: result.maxAttempts,
    });
    showReferenceFacts(byTestId('face-reference-facts', this.panel), result.reference);
    showPassiveSignals(byTestId('face-passive-signals', this.panel), result.passiveSignals);
    const undecided = result.judged === 'review' && result.decidedBy === null;
    byTestId('face-review', this.panel).hidden = !undecided;
    const decided = byTestId('face-decided-by', this.panel);
    decided.hidden = result.decidedBy === null;
    if (result.decidedBy) setText(decided, 'face.decidedBy', { name: result.decidedBy });
  }
}
