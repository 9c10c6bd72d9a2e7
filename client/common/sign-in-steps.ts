import type { LoginResponse, SignInStep, StaffUser } from '../../shared/contracts/auth.js';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import { ApiError, callApi } from './api.js';
import { $, byTestId } from './dom.js';
import { setText, t, type MessageKey } from './i18n.js';
import { errorMessageKey } from './status-line.js';

/** The forms after the password; `recovery_codes` shows the codes an enrolment just made. */
type Step = Exclude<SignInStep, 'signed_in'> | 'recovery_codes';

const PASSWORD_PROBLEMS: Record<string, MessageKey> = {
  too_short: 'login.passwordTooShort',
  too_weak: 'login.passwordTooWeak',
  unchanged: 'login.passwordUnchanged',
};

/** What an error from a step says to the person. */
function messageOf(error: unknown): MessageKey {
  if (!(error instanceof ApiError)) return 'error.internal';
  if (error.code === 'password_rejected') {
    return PASSWORD_PROBLEMS[error.fields[0]?.code ?? ''] ?? 'login.passwordTooWeak';
  }
  if (error.code === 'second_factor_wrong') return 'login.codeWrong';
  if (error.status === 429) return 'login.tooMany';
  return errorMessageKey(error.code);
}

/**
 * The sign-in steps the server may ask for after the password: a new password
 * in place of a one-time one, an authenticator to enrol (QR code, key, then
 * the recovery codes, shown once), or the authenticator's code. The session
 * stays in its HttpOnly cookie throughout; the page only follows `next`.
 */
export class SignInSteps {
  /** Where enrolment leads once the recovery codes were seen. */
  private afterCodes: LoginResponse | null = null;

  constructor(
    private readonly screen: HTMLElement,
    private readonly handlers: { finished: (user: StaffUser) => void; expired: () => void },
  ) {
    for (const step of [
      'change_password',
      'enrol_second_factor',
      'second_factor',
      'recovery_codes',
    ] as const) {
      this.form(step).addEventListener('submit', (event) => {
        event.preventDefault();
        void this.submit(step);
      });
    }
  }

  /** Goes on to the step the server asked for, or finishes when signed in. */
  next(response: LoginResponse): void {
    if (response.next === 'signed_in') {
      this.reset();
      this.handlers.finished(response.user);
      return;
    }
    this.show(response.next);
    if (response.next === 'enrol_second_factor') void this.loadEnrolment();
  }

  /** Hides every step and forgets what they held: typed values, the key, the codes. */
  reset(): void {
    this.afterCodes = null;
    for (const form of this.screen.querySelectorAll<HTMLFormElement>('form[data-step]')) {
      if (form.dataset.step === 'password') continue;
      form.reset();
      form.hidden = true;
      this.error(form).hidden = true;
    }
    const qr = byTestId<HTMLImageElement>('enrol-qr', this.screen);
    qr.removeAttribute('src');
    byTestId('enrol-secret', this.screen).textContent = '';
    byTestId('recovery-codes', this.screen).replaceChildren();
  }

  private form(step: Step | 'password'): HTMLFormElement {
    return $<HTMLFormElement>(`form[data-step="${step}"]`, this.screen);
  }

  private error(form: HTMLFormElement): HTMLElement {
    return form.querySelector<HTMLElement>('[data-role=error]') ?? document.createElement('p');
  }

  private show(step: Step): void {
    for (const form of this.screen.querySelectorAll<HTMLFormElement>('form[data-step]')) {
      form.hidden = form.dataset.step !== step;
    }
    this.form(step).querySelector<HTMLElement>('input, button')?.focus();
  }

  private showError(step: Step, key: MessageKey): void {
    const el = this.error(this.form(step));
    setText(el, key);
    el.hidden = false;
  }

  private async loadEnrolment(): Promise<void> {
    try {
      const enrolment = await callApi(restRoutes.startEnrolment);
      const qr = byTestId<HTMLImageElement>('enrol-qr', this.screen);
      qr.src = enrolment.qrDataUrl;
      qr.alt = t('login.qrAlt');
      byTestId('enrol-secret', this.screen).textContent = enrolment.secret;
    } catch (error) {
      this.failed('enrol_second_factor', error);
    }
  }

  private value(step: Step, name: string): string {
    return (this.form(step).elements.namedItem(name) as HTMLInputElement).value;
  }

  private async submit(step: Step): Promise<void> {
    const button = this.form(step).querySelector<HTMLButtonElement>('button[type=submit]')!;
    this.error(this.form(step)).hidden = true;
    button.disabled = true;
    try {
      await this.take(step);
    } catch (error) {
      this.failed(step, error);
    } finally {
      button.disabled = false;
    }
  }

  private async take(step: Step): Promise<void> {
    if (step === 'change_password') {
      const newPassword = this.value(step, 'newPassword');
      if (newPassword !== this.value(step, 'repeatPassword')) {
        this.showError(step, 'login.passwordMismatch');
        return;
      }
      this.next(await callApi(restRoutes.changePassword, { body: { newPassword } }));
    } else if (step === 'second_factor') {
      this.next(await callApi(restRoutes.secondFactor, { body: { code: this.value(step, 'code') } }));
    } else if (step === 'enrol_second_factor') {
      const confirmed = await callApi(restRoutes.confirmEnrolment, {
        body: { code: this.value(step, 'code') },
      });
      const list = byTestId('recovery-codes', this.screen);
      list.replaceChildren(
        ...confirmed.recoveryCodes.map((code) => {
          const item = document.createElement('li');
          item.textContent = code;
          return item;
        }),
      );
      this.afterCodes = { user: confirmed.user, next: confirmed.next };
      this.show('recovery_codes');
    } else if (this.afterCodes) {
      this.next(this.afterCodes);
    }
  }

  private failed(step: Step, error: unknown): void {
    // The half-done sign-in ran out (or was never there): back to the password.
    if (error instanceof ApiError && error.status === 401) {
      this.handlers.expired();
      return;
    }
    if (!(error instanceof ApiError)) console.warn(error);
    this.showError(step, messageOf(error));
  }
}
