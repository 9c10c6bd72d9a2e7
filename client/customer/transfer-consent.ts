import type { ServerToClientEvents } from '../../shared/contracts/socket-events.js';
import { catalogName } from '../common/catalog-labels.js';
import { byTestId } from '../common/dom.js';
import { errorCode, type SocketClient } from '../common/socket.js';
import type { StatusLine } from '../common/status-line.js';

type ConsentRequest = Parameters<ServerToClientEvents['transfer:consentRequest']>[0];

/** A colleague by name, or a service and language in the page's own language. */
function targetName(target: ConsentRequest['target']): string {
  if (target.kind === 'teller') return target.displayName;
  return `${catalogName('service', target.serviceId)} · ${catalogName('language', target.language)}`;
}

/**
 * Asks the customer whether the teller may hand the call to a colleague. A
 * modal dialog: the answer matters (it changes who sees them) and must not be
 * missed behind the video.
 */
export class TransferConsent {
  private readonly dialog = byTestId<HTMLDialogElement>('transfer-consent');
  private readonly accept = byTestId<HTMLButtonElement>('transfer-consent-accept', this.dialog);
  private readonly refuse = byTestId<HTMLButtonElement>('transfer-consent-refuse', this.dialog);
  private request: { client: SocketClient; event: ConsentRequest } | null = null;

  constructor(private readonly status: StatusLine) {
    this.accept.addEventListener('click', () => void this.answer(true));
    this.refuse.addEventListener('click', () => void this.answer(false));
    // Escape means "no": the call simply stays with the current teller.
    this.dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      void this.answer(false);
    });
  }

  ask(client: SocketClient, event: ConsentRequest): void {
    this.request = { client, event };
    byTestId('transfer-consent-target', this.dialog).textContent = targetName(event.target);
    byTestId('transfer-consent-reason', this.dialog).textContent = event.reason;
    this.setBusy(false);
    if (!this.dialog.open) this.dialog.showModal();
    this.accept.focus();
  }

  /** The teller took the question back before the customer answered. */
  withdrawn(transferId: string): void {
    if (this.request?.event.transferId !== transferId) return;
    this.dismiss();
    this.status.info('transfer.withdrawn');
  }

  /** The call ended or changed: a pending question no longer applies. */
  dismiss(): void {
    this.request = null;
    if (this.dialog.open) this.dialog.close();
  }

  private async answer(accept: boolean): Promise<void> {
    const request = this.request;
    if (!request) return;
    this.setBusy(true);
    const { client, event } = request;
    try {
      await client.request('transfer:respond', {
        callId: event.callId,
        transferId: event.transferId,
        accept,
      });
      if (this.request === request) this.dismiss();
    } catch (error) {
      if (this.request !== request) return;
      this.dismiss();
      // The teller withdrew the request meanwhile: nothing to answer any more.
      if (errorCode(error) === 'invalid_state') this.status.info('transfer.withdrawn');
      else this.status.failure(error);
    }
  }

  private setBusy(busy: boolean): void {
    this.accept.disabled = busy;
    this.refuse.disabled = busy;
  }
}
