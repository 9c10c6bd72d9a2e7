import { UI_LOCALES, type UiLocale } from '../../shared/catalog/languages.js';
import { en, type MessageKey } from './messages-en.js';
import { zhCN } from './messages-zh.js';
import { readLocal, writeLocal } from './storage.js';

export type { MessageKey, UiLocale };
export type MessageArgs = Record<string, string | number>;

const STORAGE_KEY = 'skyteller.locale';
const DEFAULT_LOCALE: UiLocale = 'zh-CN';
const dictionaries: Record<UiLocale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };
const LOCALE_NAMES: Record<UiLocale, string> = { 'zh-CN': '中文', en: 'English' };

const listeners = new Set<() => void>();
let current: UiLocale = storedLocale();

function storedLocale(): UiLocale {
  const stored = readLocal(STORAGE_KEY);
  return UI_LOCALES.find((l) => l === stored) ?? DEFAULT_LOCALE;
}

export function getLocale(): UiLocale {
  return current;
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

export function t(key: MessageKey, args?: MessageArgs): string {
  const template = dictionaries[current][key];
  if (!args) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => String(args[name] ?? whole));
}

/**
 * Binds an element to a message: the key lives on the element, so a later
 * language switch re-renders it without the caller keeping track of it.
 */
export function setText(el: HTMLElement, key: MessageKey, args?: MessageArgs): void {
  el.dataset.i18n = key;
  if (args) el.dataset.i18nArgs = JSON.stringify(args);
  else delete el.dataset.i18nArgs;
  el.textContent = t(key, args);
}

export function setLabel(el: HTMLElement, key: MessageKey): void {
  el.dataset.i18nAriaLabel = key;
  el.setAttribute('aria-label', t(key));
}

export function applyTranslations(root: ParentNode = document): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = el.dataset.i18n ?? '';
    if (!isMessageKey(key)) continue;
    const args = el.dataset.i18nArgs ? (JSON.parse(el.dataset.i18nArgs) as MessageArgs) : undefined;
    el.textContent = t(key, args);
  }
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-aria-label]')) {
    const key = el.dataset.i18nAriaLabel ?? '';
    if (isMessageKey(key)) el.setAttribute('aria-label', t(key));
  }
  document.documentElement.lang = current;
}

/** For text that is not a message key, such as catalog names. */
export function onLocaleChange(listener: () => void): void {
  listeners.add(listener);
}

export function setLocale(locale: UiLocale): void {
  current = locale;
  writeLocal(STORAGE_KEY, locale);
  applyTranslations();
  for (const listener of listeners) listener();
}

/** Renders one toggle button per locale into `container`. */
export function mountLanguageSwitch(container: HTMLElement): void {
  const group = document.createElement('div');
  group.className = 'lang-switch';
  group.setAttribute('role', 'group');
  group.dataset.testid = 'lang-switch';
  setLabel(group, 'app.languageSwitch');
  const buttons = UI_LOCALES.map((locale) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.lang = locale;
    button.dataset.locale = locale;
    button.dataset.testid = `locale-${locale}`;
    button.textContent = LOCALE_NAMES[locale];
    button.addEventListener('click', () => setLocale(locale));
    return button;
  });
  const sync = (): void => {
    for (const button of buttons)
      button.setAttribute('aria-pressed', String(button.dataset.locale === current));
  };
  sync();
  onLocaleChange(sync);
  group.append(...buttons);
  container.append(group);
}
