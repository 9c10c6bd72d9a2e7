import type { Label } from '../../shared/catalog/fields.js';
import { getLocale, onLocaleChange } from './i18n.js';

/**
 * Shows a catalog label (step titles, field labels) in the page's language.
 * Both texts stay on the element, so a language switch relabels it in place
 * without redrawing a form the customer is filling in.
 */
export function setLabelText(el: HTMLElement, label: Label): void {
  el.dataset.labelZh = label['zh-CN'];
  el.dataset.labelEn = label.en;
  el.textContent = label[getLocale()];
}

export const labelIn = (label: Label): string => label[getLocale()];

onLocaleChange(() => {
  for (const el of document.querySelectorAll<HTMLElement>('[data-label-en]')) {
    el.textContent = (getLocale() === 'en' ? el.dataset.labelEn : el.dataset.labelZh) ?? '';
  }
});
