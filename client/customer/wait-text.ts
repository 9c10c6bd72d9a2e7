import type { MessageArgs, MessageKey } from '../common/i18n.js';

/**
 * How the estimated wait reads to the customer. Minutes are rounded up: a
 * promise of "2 minutes" that turns into three feels worse than the reverse.
 * `undefined` means not heard from the server yet; `null` means nobody who
 * could serve the ticket is working, so no honest number exists. While a
 * teller is being offered this customer (`offered`) there is no wait to
 * estimate: the estimate would count that teller as busy and say minutes.
 */
export function waitText(
  estimatedWaitMs: number | null | undefined,
  offered = false,
): {
  key: MessageKey;
  args?: MessageArgs;
} {
  if (offered) return { key: 'waiting.estimate.answering' };
  if (estimatedWaitMs === undefined) return { key: 'waiting.estimate.pending' };
  if (estimatedWaitMs === null) return { key: 'waiting.estimate.unknown' };
  const min = Math.ceil(Math.max(0, estimatedWaitMs) / 60_000);
  if (min === 0) return { key: 'waiting.estimate.lessThanMinute' };
  return min === 1
    ? { key: 'waiting.estimate.oneMinute' }
    : { key: 'waiting.estimate.minutes', args: { min } };
}
