import { element } from '../common/elements.js';

/** A checkbox labelled by `label` (which sets its text), named `name` with `value`. */
export function choice(name: string, value: string, label: (text: HTMLElement) => void): HTMLLabelElement {
  const box = element('label');
  box.className = 'checkbox';
  const input = element('input');
  input.type = 'checkbox';
  input.name = name;
  input.value = value;
  const text = element('span');
  label(text);
  box.append(input, text);
  return box;
}

/** The values of the ticked boxes named `name` in `form`. */
export function ticked(form: HTMLFormElement, name: string): string[] {
  return [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((i) => i.value);
}

/** Ticks exactly the boxes named `name` whose values are in `values`. */
export function tick(form: HTMLFormElement, name: string, values: readonly string[]): void {
  for (const input of form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`))
    input.checked = values.includes(input.value);
}
