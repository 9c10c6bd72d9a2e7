import type { StepDefinition } from '../../shared/catalog/fields.js';
import type { ServiceStateView } from '../../shared/contracts/service-events.js';
import { actionButton, element } from '../common/elements.js';
import { isMessageKey, setText } from '../common/i18n.js';
import { setLabelText } from '../common/label-text.js';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import { ApiError, callApi } from '../common/api.js';
import type { SocketClient } from '../common/socket.js';
import type { StatusLine } from '../common/status-line.js';
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
  private serviceOver = false;

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
   * The call ended: an ended service keeps its download and rating (they need
   * only the ticket token this panel holds), moved to the page's end screen.
   */
  keepAfterCall(): void {
    const kept = this.serviceOver ? [...this.root.children] : [];
    this.stop();
    this.afterCall.replaceChildren(...kept);
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
    this.serviceOver = view.status !== 'in_progress';
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
    this.root.replaceChildren(title, this.stepForm(definition, step.presented, step.correction));
  }

  private stepForm(
    step: StepDefinition,
    presented: Record<string, unknown> | undefined,
    correction: string | null,
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
    for (const field of step.fields) {
      const item = fieldElement(field, undefined);
      if (field.type === 'document') {
        const input = item.querySelector('input')!;
        input.addEventListener('change', () => void this.upload(field.name, input));
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
      void this.act('service:submit', { stepId: step.id, values }, form);
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
    const parts = [el('h3', 'service.signTitle'), signingSummaryElement(view), capture.element, submit];
    // The canvas is sized once it is laid out.
    requestAnimationFrame(() => capture.fit());
    return parts;
  }

  private ended(view: ServiceStateView): HTMLElement[] {
    const parts: HTMLElement[] = [
      el('p', view.status === 'completed' ? 'service.completed' : 'service.withdrawn'),
    ];
    if (view.recordUrl) {
      parts.push(
        actionButton('download-record', 'service.download', () => void this.download(view.callId), true),
      );
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
  private async download(callId: string): Promise<void> {
    try {
      const pdf = await callApi(restRoutes.recordPdf, { params: { callId }, token: this.ticketToken });
      const link = el('a');
      link.href = URL.createObjectURL(pdf);
      link.download = `skyteller-record-${callId}.pdf`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) this.status.error('service.recordAfterCall');
      else this.status.failure(error);
    }
  }

  private async act(
    event: 'service:submit' | 'service:withdraw' | 'service:sign',
    payload: Record<string, unknown>,
    form?: HTMLFormElement,
  ): Promise<void> {
    const channel = this.channel;
    if (!channel) return;
    try {
      await channel.send(event, payload as never);
      this.status.clear();
    } catch (error) {
      this.status.failure(error);
      if (form && error instanceof ApiError) showFieldErrors(form, error.fields);
    }
  }
}

/** One localized problem under each named control; the others are cleared. */
function showFieldErrors(form: HTMLFormElement, issues: readonly { path: string; code: string }[]): void {
  for (const old of form.querySelectorAll('.field-error')) old.remove();
  for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  for (const issue of issues) {
    const control = form.elements.namedItem(issue.path);
    if (!(control instanceof HTMLElement)) continue;
    const key = `field.${issue.code}`;
    const message = el('p', isMessageKey(key) ? key : 'field.invalid');
    message.className = 'field-error';
    message.dataset.testid = `field-error-${issue.path}`;
    control.setAttribute('aria-invalid', 'true');
    control.closest('.field')?.append(message);
  }
}
