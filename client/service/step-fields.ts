import type { FieldDefinition, Label } from '../../shared/catalog/fields.js';
import { setLabelText } from '../common/label-text.js';

export type FormControl = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function controlFor(field: FieldDefinition): FormControl {
  switch (field.type) {
    case 'choice': {
      const select = document.createElement('select');
      select.append(new Option('—', ''));
      for (const option of field.options) {
        const el = new Option('', option.value);
        setLabelText(el, option.label);
        select.append(el);
      }
      return select;
    }
    case 'text':
      if (field.multiline) return document.createElement('textarea');
      break;
    case 'acknowledgement': {
      const box = document.createElement('input');
      box.type = 'checkbox';
      return box;
    }
    case 'document': {
      const file = document.createElement('input');
      file.type = 'file';
      file.accept = field.accept.join(',');
      return file;
    }
    case 'past-date': {
      const date = document.createElement('input');
      date.type = 'date';
      return date;
    }
  }
  const input = document.createElement('input');
  input.type = field.type === 'mobile-phone' ? 'tel' : 'text';
  if (field.type === 'money' || field.type === 'integer') input.inputMode = 'decimal';
  return input;
}

/** The unit a money or counted field is entered in, shown right after its box. */
function unitOf(field: FieldDefinition): Label | null {
  if (field.type === 'money') return { 'zh-CN': '元', en: 'CNY' };
  if (field.type === 'integer') return field.unit;
  return null;
}

/**
 * One labelled control per field, named as in the catalog; `readOnly` shows a
 * value the teller set. A checkbox sits inside its label, on one line with its
 * text; money and terms carry their unit beside the box.
 */
export function fieldElement(field: FieldDefinition, value: unknown, readOnly = false): HTMLElement {
  const wrapper = document.createElement('div');
  wrapper.className = 'field';
  const label = document.createElement('label');
  const text = document.createElement('span');
  setLabelText(text, field.label);
  const control = controlFor(field);
  control.name = field.name;
  control.id = `step-${field.name}`;
  label.htmlFor = control.id;
  if (control instanceof HTMLInputElement && control.type === 'checkbox') control.checked = value === true;
  else if (typeof value === 'string' || typeof value === 'number') control.value = String(value);
  if (readOnly) control.setAttribute('readonly', '');
  if (control instanceof HTMLInputElement && control.type === 'checkbox') {
    label.className = 'checkbox';
    // A read-only checkbox still toggles on a click: a shown tick stays as the teller set it.
    if (readOnly) control.addEventListener('click', (event) => event.preventDefault());
    label.append(control, text);
    wrapper.append(label);
    return wrapper;
  }
  label.append(text);
  const unit = unitOf(field);
  if (!unit) {
    wrapper.append(label, control);
    return wrapper;
  }
  const group = document.createElement('div');
  group.className = 'input-unit';
  const suffix = document.createElement('span');
  suffix.className = 'unit';
  setLabelText(suffix, unit);
  group.append(control, suffix);
  wrapper.append(label, group);
  return wrapper;
}

/** What the form holds, as the server expects it: strings, ticks as booleans, empties left out. */
export function readFields(
  form: HTMLFormElement,
  fields: readonly FieldDefinition[],
  documents: ReadonlyMap<string, unknown>,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of fields) {
    const control = form.elements.namedItem(field.name) as FormControl | null;
    if (!control) continue;
    if (field.type === 'document') {
      if (documents.has(field.name)) values[field.name] = documents.get(field.name);
    } else if (field.type === 'acknowledgement') {
      values[field.name] = (control as HTMLInputElement).checked;
    } else if (control.value.trim() !== '') {
      values[field.name] = control.value;
    }
  }
  return values;
}
