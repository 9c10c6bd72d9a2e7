import {
  API_KEY_SCOPES,
  type ApiKeyScope,
  type ApiKeyView,
  type IssueApiKey,
} from '../../shared/contracts/admin.js';
import { dateTime } from '../common/institution-time.js';
import { ApiError } from '../common/api.js';
import { $, byTestId } from '../common/dom.js';
import { actionButton, element } from '../common/elements.js';
import { setText, type MessageKey } from '../common/i18n.js';
import { errorMessageKey } from '../common/status-line.js';
import { choice, ticked } from './choices.js';

const SCOPE_TEXT: Record<ApiKeyScope, MessageKey> = {
  'records.verify': 'admin.scope.recordsVerify',
  'references.write': 'admin.scope.referencesWrite',
};

/** The institution's API keys: the list, issuing one, revoking one. */
export class ApiKeysView {
  private readonly form = byTestId<HTMLFormElement>('api-key-form');
  private readonly error = byTestId('api-key-error');

  constructor(
    private readonly actions: {
      issue(request: IssueApiKey): Promise<void>;
      revoke(key: ApiKeyView): void;
    },
  ) {
    $('[data-slot=scopes]', this.form).replaceChildren(
      ...API_KEY_SCOPES.map((scope) => choice('scopes', scope, (el) => setText(el, SCOPE_TEXT[scope]))),
    );
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send();
    });
  }

  render(keys: readonly ApiKeyView[]): void {
    const rows = keys.map((key) => {
      const row = element('tr');
      row.dataset.keyName = key.name;
      const name = element('th');
      name.scope = 'row';
      name.textContent = key.name;
      const scopes = element('td');
      scopes.append(...key.scopes.map((s) => element('div', SCOPE_TEXT[s])));
      const hint = element('td');
      hint.append(element('code'));
      hint.firstElementChild!.textContent = `${key.hint}…`;
      const created = element('td');
      created.textContent = `${dateTime(key.createdAt)} · ${key.createdBy}`;
      const used = key.lastUsedAt === null ? element('td', 'admin.keyNever') : element('td');
      if (key.lastUsedAt !== null) used.textContent = dateTime(key.lastUsedAt);
      const state = element('td');
      const chip = element('span', key.revokedAt === null ? 'admin.keyActive' : 'admin.keyRevoked');
      chip.className = 'status-chip';
      chip.dataset.status = key.revokedAt === null ? 'active' : 'revoked';
      state.append(chip);
      const cell = element('td');
      if (key.revokedAt === null)
        cell.append(actionButton('revoke-api-key', 'admin.revoke', () => this.actions.revoke(key)));
      row.append(name, scopes, hint, created, used, state, cell);
      return row;
    });
    byTestId('api-keys')
      .querySelector('tbody')!
      .replaceChildren(...rows);
    byTestId('api-keys-empty').hidden = keys.length > 0;
  }

  private async send(): Promise<void> {
    const name = (this.form.elements.namedItem('name') as HTMLInputElement).value.trim();
    const scopes = ticked(this.form, 'scopes') as ApiKeyScope[];
    if (!name) return this.showError('field.required');
    if (scopes.length === 0) return this.showError('admin.chooseScope');
    this.error.hidden = true;
    try {
      await this.actions.issue({ name, scopes });
      this.form.reset();
    } catch (error) {
      this.showError(errorMessageKey(error instanceof ApiError ? error.code : 'internal'));
    }
  }

  private showError(key: MessageKey): void {
    setText(this.error, key);
    this.error.hidden = false;
  }
}
