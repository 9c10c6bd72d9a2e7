import type { LoginResponse } from '../../shared/contracts/auth.js';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import { ApiError, callApi } from './api.js';
import { byTestId, showScreen } from './dom.js';
import { setText, type MessageKey } from './i18n.js';
import { errorMessageKey } from './status-line.js';

const KEY_BY_STATUS: Record<number, MessageKey> = {
  401: 'login.wrong',
  423: 'login.locked',
  429: 'login.tooMany',
};

/** The sign-in form; the server decides who may do what once signed in. */
export class LoginForm {
  private readonly error: HTMLElement;
  private readonly submit: HTMLButtonElement;

  constructor(
    private readonly form: HTMLFormElement,
    private readonly onSignedIn: (response: LoginResponse) => void,
  ) {
    this.error = byTestId('login-error', form);
    this.submit = byTestId<HTMLButtonElement>('login', form);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.signIn();
    });
  }

  show(message?: MessageKey): void {
    this.input('password').value = '';
    if (message) this.showError(message);
    else this.error.hidden = true;
    showScreen('login');
  }

  private input(name: string): HTMLInputElement {
    return this.form.elements.namedItem(name) as HTMLInputElement;
  }

  private showError(key: MessageKey): void {
    setText(this.error, key);
    this.error.hidden = false;
  }

  private async signIn(): Promise<void> {
    const username = this.input('username').value.trim();
    const password = this.input('password').value;
    if (!username || !password) {
      this.showError('field.required');
      this.input(username ? 'password' : 'username').focus();
      return;
    }
    this.error.hidden = true;
    this.submit.disabled = true;
    setText(this.submit, 'login.signingIn');
    try {
      const response = await callApi(restRoutes.login, { body: { username, password } });
      this.input('password').value = '';
      this.onSignedIn(response);
    } catch (error) {
      const status = error instanceof ApiError ? error.status : 0;
      const code = error instanceof ApiError ? error.code : 'internal';
      this.showError(KEY_BY_STATUS[status] ?? errorMessageKey(code));
      this.input('password').select();
    } finally {
      this.submit.disabled = false;
      setText(this.submit, 'login.submit');
    }
  }
}
