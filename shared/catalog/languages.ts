/**
 * Languages and dialects a customer may ask to be served in. A dialect's
 * customer may agree to a Mandarin-speaking teller when none of theirs answers.
 */
export const SERVICE_LANGUAGES = [
  { id: 'cmn', names: { 'zh-CN': '普通话', en: 'Mandarin' }, dialect: false },
  { id: 'yue', names: { 'zh-CN': '粤语', en: 'Cantonese' }, dialect: true },
  { id: 'nan', names: { 'zh-CN': '闽南语', en: 'Hokkien' }, dialect: true },
  { id: 'en', names: { 'zh-CN': '英语', en: 'English' }, dialect: false },
] as const;

export const MANDARIN = 'cmn';
export const DIALECT_IDS: readonly string[] = SERVICE_LANGUAGES.filter((l) => l.dialect).map((l) => l.id);

export type ServiceLanguage = (typeof SERVICE_LANGUAGES)[number]['id'];

export const SERVICE_LANGUAGE_IDS = SERVICE_LANGUAGES.map((l) => l.id) as [
  ServiceLanguage,
  ...ServiceLanguage[],
];

/** The user-interface locales. */
export const UI_LOCALES = ['zh-CN', 'en'] as const;
export type UiLocale = (typeof UI_LOCALES)[number];
