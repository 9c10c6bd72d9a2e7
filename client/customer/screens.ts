import type { CallEndReason, CallView } from '../../shared/contracts/socket-events.js';
import { setCatalogText } from '../common/catalog-labels.js';
import { byTestId, currentScreen, showScreen } from '../common/dom.js';
import { isMessageKey, setText } from '../common/i18n.js';

/** Shows the queue place (`null` while unknown) and whether a teller is about to answer. */
export function showWaiting(position: number | null, offered = false): void {
  byTestId('queue-position').textContent = position === null ? '…' : String(position);
  byTestId('queue-offered').hidden = !offered;
  if (currentScreen() !== 'waiting') showScreen('waiting');
}

export function showCall(call: CallView): void {
  byTestId('teller-name').textContent = call.teller.displayName;
  setCatalogText(byTestId('call-service'), 'service', call.serviceId);
  if (currentScreen() !== 'call') showScreen('call');
}

export function showEnded(reason: CallEndReason | null): void {
  const el = byTestId('ended-reason');
  const key = `ended.reason.${reason ?? ''}`;
  if (isMessageKey(key)) setText(el, key);
  else el.textContent = '';
  el.hidden = !isMessageKey(key);
  showScreen('ended');
}
