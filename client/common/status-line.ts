import { isMessageKey, setText, type MessageArgs, type MessageKey } from './i18n.js';
import { errorCode } from './socket.js';

/** Maps a stable error code to its message, falling back to the generic one. */
export function errorMessageKey(code: string): MessageKey {
  const key = `error.${code}`;
  return isMessageKey(key) ? key : 'error.internal';
}

/** The page's one polite, visible line for progress and errors. */
export class StatusLine {
  private key: MessageKey | null = null;

  constructor(private readonly el: HTMLElement) {
    el.setAttribute('role', 'status');
    el.setAttribute('aria-live', 'polite');
    el.hidden = true;
  }

  info(key: MessageKey, args?: MessageArgs): void {
    this.show(key, 'info', args);
  }

  error(key: MessageKey, args?: MessageArgs): void {
    this.show(key, 'error', args);
  }

  failure(error: unknown): void {
    console.warn(error);
    this.error(errorMessageKey(errorCode(error)));
  }

  clear(): void {
    this.key = null;
    this.el.hidden = true;
    this.el.textContent = '';
    delete this.el.dataset.i18n;
  }

  showing(key: MessageKey): boolean {
    return this.key === key;
  }

  /** Clears only a message that is now out of date, leaving unrelated ones. */
  clearIf(...keys: MessageKey[]): void {
    if (this.key && keys.includes(this.key)) this.clear();
  }

  private show(key: MessageKey, kind: 'info' | 'error', args?: MessageArgs): void {
    this.key = key;
    this.el.dataset.kind = kind;
    setText(this.el, key, args);
    this.el.hidden = false;
  }
}
