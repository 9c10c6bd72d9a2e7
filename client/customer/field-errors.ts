import { isMessageKey, setText } from '../common/i18n.js';
import type { FieldName } from './validation.js';

/** Shows one localized problem under each form control, linked for screen readers. */
export class FieldErrors {
  constructor(private readonly form: HTMLFormElement) {}

  control(name: FieldName): HTMLInputElement | HTMLSelectElement {
    const el = this.form.elements.namedItem(name);
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement)) {
      throw new Error(`missing form control: ${name}`);
    }
    return el;
  }

  show(name: FieldName, code: string): void {
    const key = `field.${code}`;
    const control = this.control(name);
    setText(this.errorElement(name), isMessageKey(key) ? key : 'field.invalid');
    this.errorElement(name).hidden = false;
    control.setAttribute('aria-invalid', 'true');
  }

  clear(name: FieldName): void {
    this.control(name).removeAttribute('aria-invalid');
    const el = this.form.querySelector<HTMLElement>(`#${name}-error`);
    if (el) el.hidden = true;
  }

  clearAll(names: readonly FieldName[]): void {
    for (const name of names) this.clear(name);
  }

  has(name: FieldName): boolean {
    return this.control(name).getAttribute('aria-invalid') === 'true';
  }

  private errorElement(name: FieldName): HTMLElement {
    const existing = this.form.querySelector<HTMLElement>(`#${name}-error`);
    if (existing) return existing;
    const control = this.control(name);
    const el = document.createElement('p');
    el.className = 'field-error';
    el.id = `${name}-error`;
    el.dataset.testid = `field-error-${name}`;
    control.closest('.field')?.append(el);
    const describedBy = control.getAttribute('aria-describedby');
    control.setAttribute('aria-describedby', describedBy ? `${describedBy} ${el.id}` : el.id);
    return el;
  }
}
