import { SERVICE_LANGUAGES } from '../../shared/catalog/languages.js';
import { SERVICES } from '../../shared/catalog/services.js';
import { getLocale, onLocaleChange } from './i18n.js';

interface Named {
  id: string;
  names: { 'zh-CN': string; en: string };
}

const CATALOGS = { service: SERVICES, language: SERVICE_LANGUAGES } as const;
type CatalogName = keyof typeof CATALOGS;

function nameIn(list: readonly Named[], id: string): string {
  return list.find((entry) => entry.id === id)?.names[getLocale()] ?? id;
}

/** A catalog entry's name in the current locale, for text composed of several parts. */
export function catalogName(catalog: CatalogName, id: string): string {
  return nameIn(CATALOGS[catalog], id);
}

function isCatalogName(value: string | undefined): value is CatalogName {
  return value === 'service' || value === 'language';
}

/**
 * Shows a catalog entry's name in `el`. Like data-i18n, the binding lives on
 * the element so one listener relabels every such element on a switch.
 */
export function setCatalogText(el: HTMLElement, catalog: CatalogName, id: string): void {
  el.dataset.catalog = catalog;
  el.dataset.catalogId = id;
  el.textContent = nameIn(CATALOGS[catalog], id);
}

/** Fills a select with catalog entries as options labelled in the current locale. */
export function fillCatalogSelect(select: HTMLSelectElement, catalog: CatalogName): void {
  select.replaceChildren(
    ...CATALOGS[catalog].map((entry) => {
      const option = document.createElement('option');
      option.value = entry.id;
      setCatalogText(option, catalog, entry.id);
      return option;
    }),
  );
}

onLocaleChange(() => {
  for (const el of document.querySelectorAll<HTMLElement>('[data-catalog]')) {
    const catalog = el.dataset.catalog;
    if (isCatalogName(catalog)) el.textContent = nameIn(CATALOGS[catalog], el.dataset.catalogId ?? '');
  }
});
