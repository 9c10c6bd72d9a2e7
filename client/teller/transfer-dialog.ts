import { SERVICE_LANGUAGE_IDS, type ServiceLanguage } from '../../shared/catalog/languages.js';
import { SERVICE_IDS } from '../../shared/catalog/services.js';
import type {
  TransferTarget,
  TransferTargetsView,
  TransferView,
} from '../../shared/contracts/socket-events.js';
import { catalogName } from '../common/catalog-labels.js';
import { byTestId } from '../common/dom.js';
import { setText, t, type MessageKey } from '../common/i18n.js';
import { errorCode, type SocketClient } from '../common/socket.js';
import { errorMessageKey } from '../common/status-line.js';

interface OpenCall {
  client: SocketClient;
  callId: string;
  serviceId: string;
}

/** `teller:<id>` or `group:<service>:<language>`: a target as a select value (ids hold no colons). */
export function targetFromValue(value: string): TransferTarget | null {
  const [kind, first = '', second = ''] = value.split(':');
  if (kind === 'teller' && first) return { kind, tellerId: first };
  const service = SERVICE_IDS.find((id) => id === first);
  const language = SERVICE_LANGUAGE_IDS.find((id: ServiceLanguage) => id === second);
  if (kind === 'group' && service && language) return { kind, serviceId: service, language };
  return null;
}

/**
 * Where and why to hand the current call over. The choices are loaded fresh
 * each time it opens: colleagues come and go, and a group nobody staffs
 * would leave the customer waiting on hold.
 */
export class TransferDialog {
  private readonly dialog = byTestId<HTMLDialogElement>('transfer-dialog');
  private readonly form = this.dialog.querySelector('form')!;
  private readonly select = this.form.elements.namedItem('transferTarget') as HTMLSelectElement;
  private readonly reason = this.form.elements.namedItem('transferReason') as HTMLInputElement;
  private readonly error = byTestId('transfer-error', this.dialog);
  private readonly confirm = byTestId<HTMLButtonElement>('transfer-confirm', this.dialog);
  private call: OpenCall | null = null;

  constructor(private readonly onRequested: (transfer: TransferView) => void) {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
    byTestId('transfer-close', this.dialog).addEventListener('click', () => this.close());
    this.select.addEventListener('change', () => this.clearError());
    this.reason.addEventListener('input', () => this.clearError());
  }

  async open(call: OpenCall): Promise<void> {
    this.call = call;
    this.reason.value = '';
    this.clearError();
    this.select.replaceChildren(this.option('', t('transfer.choose')));
    this.confirm.disabled = true;
    if (!this.dialog.open) this.dialog.showModal();
    try {
      const targets = await call.client.request('transfer:targets', {});
      if (this.call === call) this.fill(targets, call.serviceId);
    } catch (error) {
      if (this.call === call) this.showError(errorMessageKey(errorCode(error)));
    } finally {
      this.confirm.disabled = false;
    }
    this.select.focus();
  }

  close(): void {
    this.call = null;
    if (this.dialog.open) this.dialog.close();
  }

  private fill(targets: TransferTargetsView, serviceId: string): void {
    const colleagues = document.createElement('optgroup');
    colleagues.label = t('transfer.colleagues');
    for (const teller of targets.tellers) {
      const status = t(`desk.status.${teller.status}`);
      colleagues.append(this.option(`teller:${teller.tellerId}`, `${teller.displayName} · ${status}`));
    }
    const groups = document.createElement('optgroup');
    groups.label = t('transfer.groups');
    // The call's own service first: handing over for a language is the common case.
    const staffed = targets.groups
      .filter((g) => g.staffed > 0)
      .sort((a, b) => Number(b.serviceId === serviceId) - Number(a.serviceId === serviceId));
    for (const group of staffed) {
      const label = t('transfer.groupLabel', {
        service: catalogName('service', group.serviceId),
        language: catalogName('language', group.language),
        staffed: group.staffed,
      });
      groups.append(this.option(`group:${group.serviceId}:${group.language}`, label));
    }
    for (const list of [colleagues, groups]) if (list.children.length > 0) this.select.append(list);
    if (this.select.options.length === 1) this.showError('transfer.noTargets');
  }

  private option(value: string, label: string): HTMLOptionElement {
    const option = document.createElement('option');
    option.value = value;
    option.textContent = label;
    return option;
  }

  private async submit(): Promise<void> {
    const call = this.call;
    if (!call) return;
    const target = targetFromValue(this.select.value);
    const reason = this.reason.value.trim();
    if (!target) return this.invalid(this.select, 'transfer.chooseTarget');
    if (!reason) return this.invalid(this.reason, 'transfer.reasonRequired');
    this.confirm.disabled = true;
    try {
      const transfer = await call.client.request('call:transfer', { callId: call.callId, target, reason });
      if (this.call !== call) return;
      this.close();
      this.onRequested(transfer);
    } catch (error) {
      if (this.call === call) this.showError(errorMessageKey(errorCode(error)));
    } finally {
      this.confirm.disabled = false;
    }
  }

  private invalid(control: HTMLElement, key: MessageKey): void {
    this.showError(key);
    control.setAttribute('aria-invalid', 'true');
    control.focus();
  }

  private showError(key: MessageKey): void {
    setText(this.error, key);
    this.error.hidden = false;
  }

  private clearError(): void {
    this.error.hidden = true;
    this.select.removeAttribute('aria-invalid');
    this.reason.removeAttribute('aria-invalid');
  }
}
