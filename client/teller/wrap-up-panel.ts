import type { WrapUpView } from '../../shared/contracts/wrap-up.js';
import { $, byTestId } from '../common/dom.js';
import { setText, type MessageKey } from '../common/i18n.js';
import { setLabelText } from '../common/label-text.js';

/** What the panel sends when the teller is done: the call's outcome and its note. */
export type WrapUpDone = (wrapUp: { callId: string; outcome: string; note: string }) => Promise<void>;

/**
 * After a call: the teller picks the call's outcome (and may note something)
 * before the next customer, within the time limit. The server ends a wrap-up
 * the teller lets run out; this only counts down.
 */
export class WrapUpPanel {
  private readonly el = byTestId('wrap-up');
  private readonly form = $<HTMLFormElement>('form', this.el);
  private readonly outcome = $<HTMLSelectElement>('select[name=outcome]', this.el);
  private readonly note = $<HTMLTextAreaElement>('textarea[name=note]', this.el);
  private readonly done = byTestId<HTMLButtonElement>('wrap-up-done', this.el);
  private readonly error = byTestId('wrap-up-error', this.el);
  private callId: string | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(onDone: WrapUpDone) {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const callId = this.callId;
      if (!callId) return;
      this.done.disabled = true;
      this.error.hidden = true;
      void onDone({ callId, outcome: this.outcome.value, note: this.note.value.trim() }).finally(() => {
        this.done.disabled = false;
      });
    });
  }

  get active(): boolean {
    return this.callId !== null;
  }

  show(view: WrapUpView): void {
    if (this.callId === view.callId) return;
    this.hide();
    this.callId = view.callId;
    this.outcome.replaceChildren(
      ...view.outcomes.map((o) => {
        const option = document.createElement('option');
        option.value = o.code;
        setLabelText(option, o.label);
        return option;
      }),
    );
    this.note.value = '';
    const shownAt = Date.now();
    const tick = (): void => {
      const sec = Math.max(0, Math.ceil((view.endsInMs - (Date.now() - shownAt)) / 1000));
      const countdown = byTestId('wrap-up-countdown', this.el);
      countdown.dataset.urgent = String(sec <= 5);
      setText(countdown, 'wrapUp.remaining', { sec });
    };
    tick();
    this.timer = setInterval(tick, 1_000);
    this.el.hidden = false;
    this.outcome.focus({ preventScroll: true });
  }

  /** A refusal, beside the button that was refused. */
  showError(key: MessageKey): void {
    setText(this.error, key);
    this.error.hidden = false;
  }

  hide(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.callId = null;
    this.error.hidden = true;
    this.el.hidden = true;
  }
}
