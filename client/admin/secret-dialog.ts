import { byTestId } from '../common/dom.js';
import { setText, type MessageArgs, type MessageKey } from '../common/i18n.js';

/**
 * Shows a one-time password or a new API key, the one time the server gives
 * it; closing the dialog forgets it, so nothing of it stays on the page.
 */
export class SecretDialog {
  private readonly dialog = byTestId<HTMLDialogElement>('secret-dialog');
  private readonly value = byTestId('secret-value');

  constructor() {
    // Cleared at once: the dialog's close event comes a task later, and the secret must not outlive the click.
    byTestId('secret-close').addEventListener('click', () => {
      this.value.textContent = '';
      this.dialog.close();
    });
    this.dialog.addEventListener('close', () => (this.value.textContent = ''));
  }

  show(title: MessageKey, lead: MessageKey, args: MessageArgs, secret: string): void {
    setText(byTestId('secret-title'), title);
    setText(byTestId('secret-lead'), lead, args);
    this.value.textContent = secret;
    this.dialog.showModal();
  }
}
