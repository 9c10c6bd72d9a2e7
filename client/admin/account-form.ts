import { SERVICE_LANGUAGES, type ServiceLanguage } from '../../shared/catalog/languages.js';
import { SERVICES, type ServiceId } from '../../shared/catalog/services.js';
import type { CreateStaffAccount, EditStaffAccount, StaffAccountView } from '../../shared/contracts/admin.js';
import type { StaffRole } from '../../shared/contracts/auth.js';
import { ApiError } from '../common/api.js';
import { setCatalogText } from '../common/catalog-labels.js';
import { $, byTestId } from '../common/dom.js';
import { setText, type MessageKey } from '../common/i18n.js';
import { errorMessageKey } from '../common/status-line.js';
import { choice, tick, ticked } from './choices.js';

export type AccountSubmission =
  | { kind: 'create'; body: CreateStaffAccount }
  | { kind: 'edit'; account: StaffAccountView; body: EditStaffAccount };

/** Creates an account, or edits the one chosen in the list; a teller's services and languages too. */
export class AccountForm {
  private readonly form = byTestId<HTMLFormElement>('account-form');
  private readonly error = byTestId('account-error');
  private readonly submit = byTestId<HTMLButtonElement>('account-submit');
  private readonly cancel = byTestId<HTMLButtonElement>('account-cancel');
  private readonly title = byTestId('account-form-title');
  private editing: StaffAccountView | null = null;

  constructor(private readonly onSubmit: (submission: AccountSubmission) => Promise<void>) {
    $('[data-slot=services]', this.form).replaceChildren(
      ...SERVICES.map((s) => choice('services', s.id, (el) => setCatalogText(el, 'service', s.id))),
    );
    $('[data-slot=languages]', this.form).replaceChildren(
      ...SERVICE_LANGUAGES.map((l) =>
        choice('languages', l.id, (el) => setCatalogText(el, 'language', l.id)),
      ),
    );
    this.role.addEventListener('change', () => this.showTellerFields());
    this.cancel.addEventListener('click', () => this.reset());
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send();
    });
    this.reset();
  }

  /** Fills the form with an account to edit. */
  edit(account: StaffAccountView): void {
    this.editing = account;
    this.input('username').value = account.username;
    this.input('username').disabled = true;
    this.input('displayName').value = account.displayName;
    this.role.value = account.role;
    tick(this.form, 'services', account.teller?.services ?? []);
    tick(this.form, 'languages', account.teller?.languages ?? ['cmn']);
    this.input('mfaRequired').checked = account.mfaRequired;
    setText(this.title, 'admin.editTitle', { username: account.username });
    setText(this.submit, 'admin.save');
    this.cancel.hidden = false;
    this.error.hidden = true;
    this.showTellerFields();
    this.title.focus();
  }

  reset(): void {
    this.editing = null;
    this.form.reset();
    this.input('username').disabled = false;
    tick(this.form, 'languages', ['cmn']);
    setText(this.title, 'admin.createTitle');
    setText(this.submit, 'admin.create');
    this.cancel.hidden = true;
    this.error.hidden = true;
    this.showTellerFields();
  }

  private get role(): HTMLSelectElement {
    return this.form.elements.namedItem('role') as HTMLSelectElement;
  }

  private input(name: string): HTMLInputElement {
    return this.form.elements.namedItem(name) as HTMLInputElement;
  }

  private showTellerFields(): void {
    $('[data-slot=teller-fields]', this.form).hidden = this.role.value !== 'teller';
  }

  private async send(): Promise<void> {
    const displayName = this.input('displayName').value.trim();
    const username = this.input('username').value.trim();
    if (!displayName || (!this.editing && !username)) return this.showError('field.required');
    const role = this.role.value as StaffRole;
    const teller =
      role === 'teller'
        ? {
            teller: {
              services: ticked(this.form, 'services') as ServiceId[],
              languages: ticked(this.form, 'languages') as ServiceLanguage[],
            },
            mfaRequired: this.input('mfaRequired').checked,
          }
        : {};
    this.submit.disabled = true;
    try {
      await this.onSubmit(
        this.editing
          ? { kind: 'edit', account: this.editing, body: { displayName, role, ...teller } }
          : { kind: 'create', body: { username, displayName, role, ...teller } },
      );
      this.reset();
    } catch (error) {
      this.showError(errorMessageKey(error instanceof ApiError ? error.code : 'internal'));
    } finally {
      this.submit.disabled = false;
    }
  }

  private showError(key: MessageKey): void {
    setText(this.error, key);
    this.error.hidden = false;
  }
}
