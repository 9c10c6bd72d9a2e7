import type { TransferView } from '../../shared/contracts/socket-events.js';
import { byTestId } from '../common/dom.js';
import { setText } from '../common/i18n.js';
import type { StatusLine } from '../common/status-line.js';

/**
 * The hand-over this teller started, shown in the call header until it ends.
 * The server drops a refused transfer at once, so a request that was awaiting
 * the customer and vanishes without being cancelled here was refused.
 */
export class TransferStatus {
  private readonly el = byTestId('transfer-status');
  private readonly cancel = byTestId<HTMLButtonElement>('transfer-cancel', this.el);
  private current: TransferView | null = null;
  private cancelling = false;

  constructor(
    private readonly status: StatusLine,
    /** One hand-over at a time: the button that starts one waits while this shows. */
    private readonly openButton: HTMLButtonElement,
    onCancel: () => Promise<void>,
  ) {
    this.cancel.addEventListener('click', () => {
      this.cancelling = true;
      this.cancel.disabled = true;
      void onCancel().finally(() => {
        this.cancel.disabled = false;
      });
    });
  }

  get active(): boolean {
    return this.current !== null;
  }

  /** The transfer as the latest teller state has it, during the same call. */
  show(transfer: TransferView | null): void {
    const previous = this.current;
    this.current = transfer;
    if (!transfer) {
      if (previous?.status === 'awaiting_consent' && !this.cancelling) this.status.info('transfer.refused');
      else if (previous && this.cancelling) this.status.info('transfer.cancelled');
      this.cancelling = false;
      this.el.hidden = true;
      this.openButton.disabled = false;
      return;
    }
    this.openButton.disabled = true;
    this.el.dataset.status = transfer.status;
    setText(byTestId('transfer-status-text', this.el), `transfer.status.${transfer.status}`, {
      target: transfer.targetLabel,
    });
    this.cancel.hidden = transfer.status === 'refused';
    this.el.hidden = false;
  }

  /** The call is over (or handed over): nothing to infer from the transfer going away. */
  reset(): void {
    this.current = null;
    this.cancelling = false;
    this.el.hidden = true;
    this.openButton.disabled = false;
  }
}
