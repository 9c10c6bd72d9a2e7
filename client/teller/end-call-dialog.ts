import { byTestId } from '../common/dom.js';

/**
 * Ending a call asks first: a slip of the mouse must not cut a customer off in
 * the middle of a service.
 */
export class EndCallDialog {
  private readonly dialog = byTestId<HTMLDialogElement>('end-call-dialog');
  private readonly confirm = byTestId<HTMLButtonElement>('end-call-confirm', this.dialog);

  constructor(onConfirm: () => Promise<void>) {
    byTestId('end-call-cancel', this.dialog).addEventListener('click', () => this.close());
    this.confirm.addEventListener('click', () => {
      this.confirm.disabled = true;
      void onConfirm().finally(() => {
        this.confirm.disabled = false;
        this.close();
      });
    });
  }

  open(): void {
    if (this.dialog.open) return;
    this.dialog.showModal();
    // The safe choice has the focus: Enter does not end the call.
    byTestId('end-call-cancel', this.dialog).focus();
  }

  close(): void {
    if (this.dialog.open) this.dialog.close();
  }
}
