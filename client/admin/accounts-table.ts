import type { StaffAccountView } from '../../shared/contracts/admin.js';
import { byTestId } from '../common/dom.js';
import { actionButton, element } from '../common/elements.js';
import type { MessageKey } from '../common/i18n.js';

export interface AccountActions {
  edit(account: StaffAccountView): void;
  setDisabled(account: StaffAccountView, disabled: boolean): void;
  resetPassword(account: StaffAccountView): void;
  unlock(account: StaffAccountView): void;
  resetSecondFactor(account: StaffAccountView): void;
}

type AccountState = 'active' | 'disabled' | 'locked' | 'must_change';

const STATE_TEXT: Record<AccountState, MessageKey> = {
  active: 'admin.state.active',
  disabled: 'admin.state.disabled',
  locked: 'admin.state.locked',
  must_change: 'admin.state.mustChange',
};

function statesOf(account: StaffAccountView): AccountState[] {
  const states: AccountState[] = [account.disabled ? 'disabled' : 'active'];
  if (account.locked) states.push('locked');
  if (account.mustChangePassword) states.push('must_change');
  return states;
}

/** The staff accounts, one row each, with what an administrator may do to each. */
export function renderAccounts(accounts: readonly StaffAccountView[], actions: AccountActions): void {
  const rows = accounts.map((account) => {
    const row = element('tr');
    row.dataset.username = account.username;
    const username = element('th');
    username.scope = 'row';
    username.textContent = account.username;
    const name = element('td');
    name.textContent = account.displayName;
    const role = element('td', `admin.role.${account.role}`);
    const state = element('td');
    state.dataset.testid = 'account-state';
    for (const s of statesOf(account)) {
      const chip = element('span', STATE_TEXT[s]);
      chip.className = 'status-chip';
      chip.dataset.status = s;
      state.append(chip, ' ');
    }
    const buttons = element('div');
    buttons.className = 'row-actions';
    buttons.append(
      actionButton('edit-account', 'admin.edit', () => actions.edit(account)),
      account.disabled
        ? actionButton('enable-account', 'admin.enable', () => actions.setDisabled(account, false))
        : actionButton('disable-account', 'admin.disable', () => actions.setDisabled(account, true)),
      actionButton('reset-password', 'admin.resetPassword', () => actions.resetPassword(account)),
      actionButton('reset-second-factor', 'admin.resetSecondFactor', () =>
        actions.resetSecondFactor(account),
      ),
    );
    if (account.locked)
      buttons.append(actionButton('unlock-account', 'admin.unlock', () => actions.unlock(account)));
    const cell = element('td');
    cell.append(buttons);
    row.append(username, name, role, state, cell);
    return row;
  });
  byTestId('accounts')
    .querySelector('tbody')!
    .replaceChildren(...rows);
}
