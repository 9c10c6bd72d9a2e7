import type { ServiceStateView, StepView } from '../../shared/contracts/service-events.js';
import { onPinnedNode } from '../common/api.js';
import { actionButton, element } from '../common/elements.js';
import { getLocale, isMessageKey, setText } from '../common/i18n.js';
import { labelIn, setLabelText } from '../common/label-text.js';
import { fieldValueText } from '../service/field-value-text.js';
import { ServiceHost } from '../service/service-host.js';
import { fieldElement, readFields } from '../service/step-fields.js';
import type { MessageKey } from '../common/i18n.js';
import { errorCode } from '../common/socket.js';
import { errorMessageKey } from '../common/status-line.js';

const make = element;

function errorLine(): HTMLParagraphElement {
  const line = element('p');
  line.className = 'form-error';
  line.dataset.testid = 'service-error';
  line.setAttribute('role', 'alert');
  line.hidden = true;
  return line;
}
const button = actionButton;

/** An action with the reasons it cannot be taken yet beside it; disabled while there are any. */
function gated(action: HTMLButtonElement, reasons: MessageKey[]): HTMLElement {
  const row = make('div');
  row.className = 'gated-action';
  action.disabled = reasons.length > 0;
  row.append(action);
  if (reasons.length > 0) {
    const why = make('ul');
    why.className = 'action-reasons';
    why.id = `${action.dataset.testid ?? 'action'}-reasons`;
    why.dataset.testid = why.id;
    why.append(...reasons.map((key) => make('li', key)));
    action.setAttribute('aria-describedby', why.id);
    row.append(why);
  }
  return row;
}

/**
 * The teller's side of the guided service: every step with what the customer
 * sent, live; the one action each moment allows (push the next step, confirm
 * or ask for a correction, ask for the signature, complete); the signature as
 * it arrives; the record at the end.
 */
export class ServiceConsole extends ServiceHost {
  /** A refused action's reason, beside the actions rather than at the top of the page. */
  private readonly error = errorLine();

  protected keyOf(view: ServiceStateView): string {
    return JSON.stringify(view);
  }

  protected render(view: ServiceStateView): void {
    const list = make('ol');
    list.className = 'service-steps';
    list.append(...view.steps.map((step) => this.stepItem(step)));
    this.root.replaceChildren(make('h2', 'teller.serviceTitle'), list, ...this.actions(view));
  }

  private stepItem(step: StepView): HTMLElement {
    const item = make('li');
    item.dataset.testid = `service-step-${step.stepId}`;
    item.dataset.status = step.status;
    const title = make('strong');
    setLabelText(title, step.title);
    const state = make('span', `teller.step.${step.status}`);
    state.className = 'muted';
    item.append(title, ' · ', state);
    const definition = this.service?.steps.find((s) => s.id === step.stepId);
    const fields = [...(definition?.presentedFields ?? []), ...(definition?.fields ?? [])];
    const values = make('dl');
    for (const [name, value] of Object.entries({ ...step.presented, ...step.values })) {
      const field = fields.find((f) => f.name === name);
      const dt = make('dt');
      if (field) setLabelText(dt, field.label);
      else dt.textContent = name;
      const dd = make('dd');
      dd.dataset.field = name;
      dd.textContent = fieldValueText(value, field, getLocale());
      values.append(dt, dd);
    }
    item.append(values);
    return item;
  }

  private actions(view: ServiceStateView): HTMLElement[] {
    if (view.status !== 'in_progress') return this.ended(view);
    const last = view.steps.at(-1);
    const parts: HTMLElement[] = [];
    if (last?.status === 'submitted') parts.push(...this.review(last.stepId));
    else if (view.nextStepId) parts.push(this.pushForm(view.nextStepId));
    if (view.signature) {
      const figure = make('figure');
      const image = make('img');
      image.src = view.signature.png;
      image.alt = '';
      image.dataset.testid = 'teller-signature';
      figure.append(make('figcaption', 'teller.signature'), image);
      parts.push(figure);
    }
    parts.push(this.finish(view), this.error);
    return parts;
  }

  /**
   * Asking for the signature and completing: always in view, each disabled
   * until what it needs is there, with what is missing written beside it.
   */
  private finish(view: ServiceStateView): HTMLElement {
    const bar = make('div');
    bar.className = 'service-finish';
    const reasons = view.blockers.map((b) => `teller.blocker.${b}`).filter(isMessageKey);
    if (view.requiresSignature && !view.signature) {
      if (view.signatureRequested) bar.append(make('p', 'teller.signatureRequested'));
      else
        bar.append(
          gated(
            button(
              'request-signature',
              'teller.requestSignature',
              () => void this.ask('service:requestSignature'),
            ),
            // Everything completing needs but the signature itself: a high-risk service's face check first.
            reasons.filter((key) => key !== 'teller.blocker.signature_missing'),
          ),
        );
    }
    bar.append(
      gated(
        button('complete-service', 'teller.complete', () => void this.send('service:complete', {}), true),
        reasons,
      ),
    );
    return bar;
  }

  private pushForm(stepId: string): HTMLElement {
    const step = this.service?.steps.find((s) => s.id === stepId);
    const form = make('form');
    form.noValidate = true;
    for (const field of step?.presentedFields ?? []) form.append(fieldElement(field, undefined));
    const push = button(
      'push-step',
      'teller.push',
      () => {
        const presented = step?.presentedFields
          ? readFields(form, step.presentedFields, new Map())
          : undefined;
        void this.send('service:push', { stepId, ...(presented ? { presented } : {}) });
      },
      true,
    );
    setText(push, 'teller.push', { step: step ? labelIn(step.title) : stepId });
    form.append(push);
    return form;
  }

  private review(stepId: string): HTMLElement[] {
    const message = make('textarea');
    message.name = 'correctionMessage';
    message.dataset.testid = 'correction-input';
    message.maxLength = 500;
    const label = make('label');
    const caption = make('span', 'teller.correctionMessage');
    label.append(caption, message);
    return [
      button('confirm-step', 'teller.confirm', () => void this.send('service:confirm', { stepId }), true),
      label,
      button('request-correction', 'teller.requestCorrection', () => {
        if (message.value.trim())
          void this.send('service:correct', { stepId, message: message.value.trim() });
        else message.focus();
      }),
    ];
  }

  private ended(view: ServiceStateView): HTMLElement[] {
    const parts: HTMLElement[] = [
      make('p', view.status === 'completed' ? 'teller.serviceCompleted' : 'teller.serviceWithdrawn'),
    ];
    if (view.recordUrl) {
      // The staff session cookie goes along with a plain link.
      const link = make('a', 'teller.record');
      link.href = onPinnedNode(view.recordUrl);
      link.target = '_blank';
      link.rel = 'noopener';
      link.dataset.testid = 'teller-record';
      // A recorded call's record is signed at the call's end, with the recording's hash.
      parts.push(link, make('p', 'teller.recordAfterCall'));
    }
    return parts;
  }

  private async ask(event: 'service:requestSignature'): Promise<void> {
    try {
      await this.channel?.request(event, {});
      this.error.hidden = true;
    } catch (error) {
      this.refused(error);
    }
  }

  private refused(error: unknown): void {
    console.warn(error);
    setText(this.error, errorMessageKey(errorCode(error)));
    this.error.hidden = false;
  }

  private async send(
    event: 'service:push' | 'service:confirm' | 'service:correct' | 'service:complete',
    payload: Record<string, unknown>,
  ): Promise<void> {
    try {
      await this.channel?.send(event, payload as never);
      this.error.hidden = true;
    } catch (error) {
      this.refused(error);
    }
  }
}
