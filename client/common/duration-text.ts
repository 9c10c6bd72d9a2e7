import { setText } from './i18n.js';

/** "3 min 5 s" or "42 s" into `el`, for times waited and times in a status. */
export function showDuration(el: HTMLElement, ms: number): void {
  const total = Math.max(0, Math.floor(ms / 1000));
  const min = Math.floor(total / 60);
  const sec = total % 60;
  if (min > 0) setText(el, 'offer.minutes', { min, sec });
  else setText(el, 'offer.seconds', { sec });
}
