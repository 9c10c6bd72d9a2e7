import type { ApiKeyView, IssueApiKey, StaffAccountView } from '../../shared/contracts/admin.js';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import { ApiError, callApi } from '../common/api.js';
import { showScreen } from '../common/dom.js';
import type { StatusLine } from '../common/status-line.js';
import { AccountForm, type AccountSubmission } from './account-form.js';
import { renderAccounts } from './accounts-table.js';
import { ApiKeysView } from './api-keys-view.js';
import { SecretDialog } from './secret-dialog.js';

/**
 * The administrator's console: staff accounts (create, edit, disable, enable,
 * reset a password, unlock) and API keys (issue, revoke). Every change is
 * followed by a fresh list from the server, so the page shows what is stored.
 */
export class AdminConsole {
  private readonly secret = new SecretDialog();
  private readonly form = new AccountForm((submission) => this.saveAccount(submission));
  private readonly keys = new ApiKeysView({
    issue: (request) => this.issueKey(request),
    revoke: (key) => void this.revokeKey(key),
  });
  private closed = false;

  constructor(
    private readonly status: StatusLine,
    private readonly onExpired: () => void,
  ) {
    showScreen('console');
    void this.refresh();
  }

  close(): void {
    this.closed = true;
    this.form.reset();
  }

  /** A request of this session; a session the server no longer takes goes back to the sign-in. */
  private async guard<T>(request: Promise<T>): Promise<T> {
    try {
      return await request;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401 && !this.closed) {
        this.close();
        this.onExpired();
      }
      throw error;
    }
  }

  private async refresh(): Promise<void> {
    try {
      const [{ accounts }, { apiKeys }] = await Promise.all([
        this.guard(callApi(restRoutes.staffAccounts, {})),
        this.guard(callApi(restRoutes.apiKeys, {})),
      ]);
      if (this.closed) return;
      renderAccounts(accounts, {
        edit: (account) => this.form.edit(account),
        setDisabled: (account, disabled) => void this.setDisabled(account, disabled),
        resetPassword: (account) => void this.resetPassword(account),
        unlock: (account) => void this.unlock(account),
        resetSecondFactor: (account) => void this.resetSecondFactor(account),
      });
      this.keys.render(apiKeys);
    } catch (error) {
      if (!this.closed) this.status.failure(error);
    }
  }

  private async saveAccount(submission: AccountSubmission): Promise<void> {
    if (submission.kind === 'create') {
      const { account, oneTimePassword } = await this.guard(
        callApi(restRoutes.createStaffAccount, { body: submission.body }),
      );
      this.status.info('admin.created', { username: account.username });
      this.showPassword(account, oneTimePassword);
    } else {
      await this.guard(
        callApi(restRoutes.editStaffAccount, {
          params: { userId: submission.account.id },
          body: submission.body,
        }),
      );
      this.status.info('admin.saved', { username: submission.account.username });
    }
    await this.refresh();
  }

  private async setDisabled(account: StaffAccountView, disabled: boolean): Promise<void> {
    await this.act(async () => {
      const route = disabled ? restRoutes.disableStaffAccount : restRoutes.enableStaffAccount;
      await this.guard(callApi(route, { params: { userId: account.id } }));
      this.status.info(disabled ? 'admin.disabled' : 'admin.enabled', { username: account.username });
    });
  }

  private async resetPassword(account: StaffAccountView): Promise<void> {
    await this.act(async () => {
      const reply = await this.guard(
        callApi(restRoutes.resetStaffPassword, { params: { userId: account.id } }),
      );
      this.showPassword(account, reply.oneTimePassword);
    });
  }

  private async unlock(account: StaffAccountView): Promise<void> {
    await this.act(async () => {
      await this.guard(callApi(restRoutes.unlockStaffAccount, { params: { userId: account.id } }));
      this.status.info('admin.unlocked', { username: account.username });
    });
  }

  private async resetSecondFactor(account: StaffAccountView): Promise<void> {
    await this.act(async () => {
      await this.guard(callApi(restRoutes.resetStaffSecondFactor, { params: { userId: account.id } }));
      this.status.info('admin.secondFactorReset', { username: account.username });
    });
  }

  private async issueKey(request: IssueApiKey): Promise<void> {
    const { apiKey, key } = await this.guard(callApi(restRoutes.issueApiKey, { body: request }));
    this.secret.show('admin.keyTitle', 'admin.keyLead', { name: apiKey.name }, key);
    await this.refresh();
  }

  private async revokeKey(key: ApiKeyView): Promise<void> {
    await this.act(async () => {
      await this.guard(callApi(restRoutes.revokeApiKey, { params: { keyId: key.id } }));
      this.status.info('admin.keyRevokedNotice', { name: key.name });
    });
  }

  /** Runs one action from a list, reports its failure, and shows the lists as they now are. */
  private async act(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      if (!this.closed) this.status.failure(error);
    }
    if (!this.closed) await this.refresh();
  }

  private showPassword(account: StaffAccountView, password: string): void {
    this.secret.show('admin.oneTimeTitle', 'admin.oneTimeLead', { username: account.username }, password);
  }
}
