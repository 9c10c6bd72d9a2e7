import type { CallEndReason, CallView } from '../../shared/contracts/socket-events.js';
import { setCatalogText } from '../common/catalog-labels.js';
import { byTestId, currentScreen, showScreen } from '../common/dom.js';
import { isMessageKey, setText } from '../common/i18n.js';
import type { ServiceOutcome } from './service-outcome.js';
import { waitText } from './wait-text.js';

export interface QueuePlace {
  /** `null` while unknown. */
  position: number | null;
  /** `undefined` while not heard yet, `null` when the server cannot estimate. */
  estimatedWaitMs?: number | null;
  /** A teller is about to answer. */
  offered?: boolean;
}

export function showWaiting({ position, estimatedWaitMs, offered = false }: QueuePlace): void {
  byTestId('queue-position').textContent = position === null ? '…' : String(position);
  const estimate = waitText(estimatedWaitMs, offered);
  const estimateEl = byTestId('estimated-wait');
  setText(estimateEl, estimate.key, estimate.args);
  estimateEl.dataset.ms = estimatedWaitMs == null ? '' : String(estimatedWaitMs);
  byTestId('queue-offered').hidden = !offered;
  if (currentScreen() !== 'waiting') showScreen('waiting');
}

export function showCall(call: CallView): void {
  showTellerName(call.teller.displayName);
  setCatalogText(byTestId('call-service'), 'service', call.serviceId);
  if (currentScreen() !== 'call') showScreen('call');
}

/** The teller in the call header; it changes when a colleague takes the call over. */
export function showTellerName(displayName: string): void {
  byTestId('teller-name').textContent = displayName;
}

/**
 * The end screen: why the call ended, and what became of the service
 * (`outcome`, null when unknown) and whether a colleague took the call over
 * (`transferredTo`).
 */
export function showEnded(
  reason: CallEndReason | null,
  outcome: ServiceOutcome | null = null,
  transferredTo: string | null = null,
): void {
  const el = byTestId('ended-reason');
  const key = `ended.reason.${reason ?? ''}`;
  if (isMessageKey(key)) setText(el, key);
  else el.textContent = '';
  el.hidden = !isMessageKey(key);
  const box = byTestId('service-outcome');
  box.hidden = outcome === null && transferredTo === null;
  box.dataset.outcome = outcome?.code ?? '';
  box.dataset.reason = outcome?.reason ?? '';
  box.dataset.transferred = String(transferredTo !== null);
  const lines: HTMLElement[] = [];
  if (outcome) {
    const line = document.createElement('p');
    line.className = 'outcome-line';
    setText(line, outcome.key);
    lines.push(line);
  }
  if (transferredTo !== null) {
    const line = document.createElement('p');
    setText(line, 'ended.outcome.transferred', { name: transferredTo });
    lines.push(line);
  }
  box.replaceChildren(...lines);
  showScreen('ended');
}
