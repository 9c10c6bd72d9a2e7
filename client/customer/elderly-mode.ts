import { readSession, writeSession } from '../common/storage.js';

// sessionStorage: a reload keeps the mode for the same visit, a new tab starts plain.
// 'on' (chosen, or set because of age), 'off' (someone switched it off), or nothing.
const KEY = 'skyteller.elderlyMode';
const CLASS = 'elderly-mode';

/**
 * Large text, high contrast and fewer choices. It switches itself on for a
 * customer aged 65 or more, and anyone (the customer, a relative helping) can
 * switch it either way; a deliberate "off" is not overridden by the next hint.
 */
export class ElderlyMode {
  private on: boolean;

  constructor(private readonly button: HTMLButtonElement) {
    this.on = readSession(KEY) === 'on';
    button.addEventListener('click', () => this.set(!this.on));
    this.apply();
  }

  get enabled(): boolean {
    return this.on;
  }

  /** The customer turned out to be 65 or older. */
  suggest(): void {
    if (!this.on && readSession(KEY) !== 'off') this.set(true);
  }

  /** A new visit may be a new person: their age may switch the mode on again. */
  forgetRefusal(): void {
    if (readSession(KEY) === 'off') writeSession(KEY, null);
  }

  private set(on: boolean): void {
    this.on = on;
    writeSession(KEY, on ? 'on' : 'off');
    this.apply();
  }

  private apply(): void {
    document.body.classList.toggle(CLASS, this.on);
    // The root element too, so that rem-sized text and targets grow with it.
    document.documentElement.classList.toggle(CLASS, this.on);
    this.button.setAttribute('aria-pressed', String(this.on));
  }
}
