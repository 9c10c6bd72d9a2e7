import type { StaffUser } from '../../shared/contracts/auth.js';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import { ApiError, callApi } from './api.js';
import { $, byTestId, showScreen } from './dom.js';
import { setText, type MessageKey } from './i18n.js';
import { SignInSteps } from './sign-in-steps.js';
import { errorMessageKey } from './status-line.js';

const KEY_BY_STATUS: Record<number, MessageKey> = {
  401: 'login.wrong',
  423: 'login.locked',
  429: 'login.tooMany',
};

export interface LoginHandlers {
  /** Whether this page is for `user` at all; asked before any further step. */
  accepts(user: StaffUser): boolean;
  /** The password was right but the page is not for this person. */
  refused(): void;
  signedIn(user: StaffUser): void;
}

/**
 * The sign-in form and the steps the server may ask for after it; the server
 * decides who may do what once signed in. The session is the server's, in an
 * HttpOnly cookie: the page never holds it.
 */
export class LoginForm {
  private readonly form: HTMLFormElement;
  private readonly error: HTMLElement;
  private readonly submit: HTMLButtonElement;
  private readonly steps: SignInSteps;

  constructor(
    screen: HTMLElement,
    private readonly handlers: LoginHandlers,
  ) {
    this.form = $<HTMLFormElement>('form[data-step=password]', screen);
    this.error = byTestId('login-error', this.form);
    this.submit = byTestId<HTMLButtonElement>('login', this.form);
    this.steps = new SignInSteps(screen, {
      finished: (user) => handlers.signedIn(user),
      expired: () => this.show('login.expired'),
    });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.signIn();
    });
  }

  /** The password form, empty of anything from before, with an optional message. */
  show(message?: MessageKey): void {
    this.steps.reset();
    this.form.hidden = false;
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
      if (!this.handlers.accepts(response.user)) this.handlers.refused();
      else this.steps.next(response);
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
