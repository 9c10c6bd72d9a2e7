import type { MessageKey } from '../common/i18n.js';

export type BrowserFamily = 'chrome' | 'edge' | 'firefox' | 'safari' | 'other';

/** Which browser's menus to describe; Edge and Chrome on iOS are Safari underneath but show their own menus. */
export function browserFamily(userAgent: string): BrowserFamily {
  if (/\bEdg(e|A|iOS)?\//.test(userAgent)) return 'edge';
  if (/\b(Firefox|FxiOS)\//.test(userAgent)) return 'firefox';
  // HeadlessChrome and Chromium count as Chrome: the same menus.
  if (/(Chrome|CriOS|Chromium)\//.test(userAgent)) return 'chrome';
  if (/\bSafari\//.test(userAgent)) return 'safari';
  return 'other';
}

const HELP: Record<BrowserFamily, MessageKey> = {
  chrome: 'media.help.chrome',
  edge: 'media.help.edge',
  firefox: 'media.help.firefox',
  safari: 'media.help.safari',
  other: 'media.help.other',
};

/** How to let this page use the camera and microphone again, in the browser in use. */
export function mediaHelpKey(userAgent: string): MessageKey {
  return HELP[browserFamily(userAgent)];
}
