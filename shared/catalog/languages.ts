/** Languages and dialects a customer may ask to be served in. */
export const SERVICE_LANGUAGES = [
  { id: 'cmn', names: { 'zh-CN': '普通话', en: 'Mandarin' } },
  { id: 'yue', names: { 'zh-CN': '粤语', en: 'Cantonese' } },
  { id: 'nan', names: { 'zh-CN': '闽南语', en: 'Hokkien' } },
  { id: 'en', names: { 'zh-CN': '英语', en: 'English' } },
] as const;

export type ServiceLanguage = (typeof SERVICE_LANGUAGES)[number]['id'];

export const SERVICE_LANGUAGE_IDS = SERVICE_LANGUAGES.map((l) => l.id) as [
  ServiceLanguage,
  ...ServiceLanguage[],
];

/** The user-interface locales. */
export const UI_LOCALES = ['zh-CN', 'en'] as const;
export type UiLocale = (typeof UI_LOCALES)[number];
