import type { StepDefinition } from '../../shared/catalog/fields.js';
import type { ServiceStateView } from '../../shared/contracts/service-events.js';
import { actionButton, element } from '../common/elements.js';
import { getLocale, isMessageKey, setText } from '../common/i18n.js';
import { setLabelText } from '../common/label-text.js';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import { ApiError, callApi } from '../common/api.js';
import { saveBlob } from '../common/save-blob.js';
import type { SocketClient } from '../common/socket.js';
import type { StatusLine } from '../common/status-line.js';
import { fieldProblem } from '../service/field-problem.js';
import { fieldValueText } from '../service/field-value-text.js';
import { ServiceHost } from '../service/service-host.js';
import { fieldElement, readFields } from '../service/step-fields.js';
import { ratingForm } from './rating-form.js';
import { SignatureCapture } from './signature-capture.js';
import { signingSummaryElement } from './signing-summary-view.js';

const el = element;

/**
 * The customer's side of the guided service, inside the call: the step the
 * teller pushed as a form, the summary and the signature pad, then the record
 * and the rating. Redrawn only when what is asked changes, so a push about
 * something else never wipes what the customer is typing.
 */
export class ServicePanel extends ServiceHost {
  private readonly documents = new Map<string, unknown>();
  private signature: SignatureCapture | null = null;
  /** The latest state the server sent: what the end screen reports once the call is over. */
  private last: ServiceStateView | null = null;

  constructor(
    root: HTMLElement,
    status: StatusLine,
    private readonly ticketToken: string,
    /** Where the record and the rating stay once the call is over. */
    private readonly afterCall: HTMLElement,
  ) {
    super(root, status);
  }

  override start(client: SocketClient, callId: string, serviceId: string): void {
    this.afterCall.replaceChildren();
    super.start(client, callId, serviceId);
  }

  /**
   * The service as it stands when the call ends: asked once more (a face
   * check judged late pushes no state), or the last state heard when the
   * question cannot be answered. Null for a call without a service.
   */
  async finalState(): Promise<ServiceStateView | null> {
    const channel = this.channel;
    if (!channel) return this.last;
    try {
      this.last = await channel.request('service:state', {});
    } catch {
      // The last state heard is the best there is.
    }
    return this.last;
  }

  /**
   * The call ended: an ended service keeps its download and rating (they need
   * only the ticket token this panel holds), drawn again on the page's end screen.
   */
  keepAfterCall(view: ServiceStateView | null): void {
    this.stop();
    this.afterCall.replaceChildren(...(view && view.status !== 'in_progress' ? this.ended(view, true) : []));
  }

  override stop(): void {
    this.signature?.destroy();
    this.signature = null;
    super.stop();
  }

  protected keyOf(view: ServiceStateView): string {
    const step = view.steps.at(-1);
    return [
      view.status,
      step?.stepId,
      step?.status,
      step?.correction,
      view.signatureRequested && !view.signature,
      view.recordUrl,
      view.rated,
    ].join('|');
  }

  protected render(view: ServiceStateView): void {
    const step = view.steps.at(-1);
    this.last = view;
    this.signature?.destroy();
    this.signature = null;
    const title = el('h2', 'service.title');
    if (view.status !== 'in_progress') return this.root.replaceChildren(title, ...this.ended(view));
    if (view.signatureRequested && !view.signature && view.summary) {
      return this.root.replaceChildren(title, ...this.signing(view));
    }
    if (view.signature) return this.root.replaceChildren(title, el('p', 'service.signed'));
    const definition = this.service?.steps.find((s) => s.id === step?.stepId);
    if (!step || !definition) return this.root.replaceChildren(title, el('p', 'service.waitingForTeller'));
    if (step.status !== 'awaiting_customer')
      return this.root.replaceChildren(title, el('p', 'service.checking'));
    const form = this.stepForm(definition, step.presented, step.correction, step.values);
    this.root.replaceChildren(title, form);
    revealStep(form);
  }

  private stepForm(
    step: StepDefinition,
    presented: Record<string, unknown> | undefined,
    correction: string | null,
    /** What the customer sent before: a correction starts from it rather than from empty boxes. */
    previous: Record<string, unknown> | undefined,
  ): HTMLFormElement {
    const form = el('form');
    form.noValidate = true;
    form.dataset.testid = 'service-step';
    form.dataset.stepId = step.id;
    const heading = el('h3');
    setLabelText(heading, step.title);
    form.append(heading);
    if (correction) {
      const notice = el('p', 'service.correction');
      setText(notice, 'service.correction', { message: correction });
      notice.className = 'notice';
      notice.dataset.testid = 'correction-message';
      form.append(notice);
    }
    if (step.presentedFields && presented) {
      const box = el('fieldset');
      box.append(el('legend', 'service.presented'));
      for (const field of step.presentedFields) box.append(fieldElement(field, presented[field.name], true));
      form.append(box);
    }
    this.documents.clear();
    const kept = correction ? (previous ?? {}) : {};
    for (const field of step.fields) {
      const item = fieldElement(field, kept[field.name]);
      if (field.type === 'document') {
        const input = item.querySelector('input')!;
        input.addEventListener('change', () => void this.upload(field.name, input));
        // A file box cannot be filled in again: the upload already made is kept and named.
        if (kept[field.name] !== undefined) {
          this.documents.set(field.name, kept[field.name]);
          const note = el('p');
          note.className = 'hint';
          note.textContent = fieldValueText(kept[field.name]);
          item.append(note);
        }
      }
      form.append(item);
    }
    // The form's own submit (Enter works too) sends the step.
    const submit = actionButton('submit-step', 'service.submit', () => undefined, true);
    submit.type = 'submit';
    form.append(submit);
    if (step.withdrawField) {
      form.append(
        actionButton('withdraw-service', 'service.withdraw', () => {
          void this.act('service:withdraw', { stepId: step.id });
        }),
      );
    }
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const values = readFields(form, step.fields, this.documents);
      void this.act('service:submit', { stepId: step.id, values }, form, step);
    });
    return form;
  }

  private async upload(name: string, input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    const channel = this.channel;
    if (!file || !channel) return;
    this.status.info('service.uploading');
    try {
      // The server judges the type from the bytes, not from the name.
      const reference = await callApi(restRoutes.uploadDocument, {
        params: { callId: channel.callId },
        body: file,
        token: this.ticketToken,
        headers: { 'X-File-Name': encodeURIComponent(file.name) },
      });
      this.documents.set(name, reference);
      this.status.clearIf('service.uploading');
      showFieldErrors(input.form!, []);
    } catch (error) {
      this.status.failure(error);
      if (error instanceof ApiError)
        showFieldErrors(
          input.form!,
          error.fields.map((i) => ({ ...i, path: name })),
        );
    }
  }

  private signing(view: ServiceStateView): HTMLElement[] {
    const capture = new SignatureCapture();
    this.signature = capture;
    const submit = actionButton(
      'submit-signature',
      'service.signSubmit',
      () => {
        const drawn = capture.take();
        if (drawn) void this.act('service:sign', { summaryHash: view.summaryHash!, ...drawn });
      },
      true,
    );
    const heading = el('h3', 'service.signTitle');
    heading.tabIndex = -1;
    const parts = [heading, signingSummaryElement(view), capture.element, submit];
    // The canvas is sized once it is laid out.
    requestAnimationFrame(() => {
      capture.fit();
      revealStep(heading);
    });
    return parts;
  }

  /** `afterCall`: on the end screen, where the outcome is said already and the record can be had. */
  private ended(view: ServiceStateView, afterCall = false): HTMLElement[] {
    const parts: HTMLElement[] = [];
    if (!afterCall)
      parts.push(el('p', view.status === 'completed' ? 'service.completed' : 'service.withdrawn'));
    if (view.recordUrl) {
      const note = el('p');
      if (afterCall) setText(note, 'service.recordReady');
      note.dataset.testid = 'record-note';
      const button = actionButton(
        'download-record',
        'service.download',
        () => void this.download(view.callId, note),
        true,
      );
      parts.push(note, button);
    }
    if (view.rated) parts.push(el('p', 'service.rated'));
    else {
      const form = ratingForm(async (score, comment) => {
        // Over HTTP: the rating still works after the call and its socket ended.
        await callApi(restRoutes.rateCall, {
          params: { callId: view.callId },
          body: { score, ...(comment ? { comment } : {}) },
          token: this.ticketToken,
        });
        form.replaceWith(el('p', 'service.rated'));
      }, this.status);
      parts.push(form);
    }
    return parts;
  }

  /**
   * The record needs the ticket token, which a plain link cannot carry: fetch
   * it, then save it. A recorded call's record is signed when the call ends
   * (the server waits for it then); asked during the call, it says so.
   */
  private async download(callId: string, note: HTMLElement): Promise<void> {
    try {
      const pdf = await callApi(restRoutes.recordPdf, { params: { callId }, token: this.ticketToken });
      saveBlob(pdf, `skyteller-record-${callId}.pdf`);
      // Saved: nothing says any more that it is for later.
      this.status.clearIf('service.recordAfterCall');
      setText(note, 'service.recordDownloaded');
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) this.status.error('service.recordAfterCall');
      else this.status.failure(error);
    }
  }

  private async act(
    event: 'service:submit' | 'service:withdraw' | 'service:sign',
    payload: Record<string, unknown>,
    form?: HTMLFormElement,
    step?: StepDefinition,
  ): Promise<void> {
    const channel = this.channel;
    if (!channel) return;
    try {
      await channel.send(event, payload as never);
      this.status.clear();
    } catch (error) {
      this.status.failure(error);
      if (form && error instanceof ApiError) showFieldErrors(form, error.fields, step);
    }
  }
}

/**
 * One localized problem under each named control, saying what is allowed
 * (`step` gives the limits); the others are cleared. The first refused
 * control takes the focus.
 */
function showFieldErrors(
  form: HTMLFormElement,
  issues: readonly { path: string; code: string }[],
  step?: StepDefinition,
): void {
  for (const old of form.querySelectorAll('.field-error')) old.remove();
  for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  const values = step ? readFields(form, step.fields, new Map()) : {};
  let first: HTMLElement | null = null;
  for (const issue of issues) {
    const control = form.elements.namedItem(issue.path);
    if (!(control instanceof HTMLElement)) continue;
    const field = step?.fields.find((f) => f.name === issue.path);
    const problem = fieldProblem(field, issue.code, values, getLocale());
    const message = el('p');
    if (isMessageKey(problem.key)) setText(message, problem.key, problem.args);
    else setText(message, 'field.invalid');
    message.className = 'field-error';
    message.id = `step-${issue.path}-error`;
    message.dataset.testid = `field-error-${issue.path}`;
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', message.id);
    control.closest('.field')?.append(message);
    first ??= control;
  }
  first?.focus();
}

/**
 * A new step arrives while the customer may be looking at the video: it is
 * brought into view and takes the focus (its first box, or its heading), so
 * a phone user and a screen reader both notice it.
 */
function revealStep(target: HTMLElement): void {
  requestAnimationFrame(() => {
    if (!target.isConnected) return;
    const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    target.scrollIntoView({ block: 'start', behavior: reduced ? 'auto' : 'smooth' });
    const first = target.querySelector<HTMLElement>('input:not([readonly]), select, textarea');
    (first ?? target).focus({ preventScroll: true });
  });
}
