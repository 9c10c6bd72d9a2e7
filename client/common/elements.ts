import { setText, type MessageKey } from './i18n.js';

/** A new element, with its text in the page's language when `key` is given. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  key?: MessageKey,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (key) setText(node, key);
  return node;
}

/** A new element with these attributes (class, test hook, ARIA) and, when `key` is given, its text. */
export function elementWith<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string>,
  key?: MessageKey,
): HTMLElementTagNameMap[K] {
  const node = element(tag, key);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

/** A plain button (`primary`: the step's main action) with its test hook and click handler. */
export function actionButton(
  testId: string,
  key: MessageKey,
  onClick: () => void,
  primary = false,
): HTMLButtonElement {
  const b = element('button', key);
  b.type = 'button';
  b.className = primary ? 'button button-primary' : 'button';
  b.dataset.testid = testId;
  b.addEventListener('click', onClick);
  return b;
}
