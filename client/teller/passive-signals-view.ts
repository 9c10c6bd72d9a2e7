import { PASSIVE_SIGNAL_NAMES, type PassiveSignalsView } from '../../shared/contracts/face-events.js';
import { byTestId } from '../common/dom.js';
import { setText } from '../common/i18n.js';

/**
 * The check's passive presentation-attack signals, in their own box under
 * the result: advisory figures the teller may weigh, never a verdict.
 */
export function showPassiveSignals(box: HTMLElement, signals: PassiveSignalsView): void {
  for (const name of PASSIVE_SIGNAL_NAMES) {
    const value = byTestId(`face-passive-${name}`, box);
    const summary = signals[name];
    value.dataset.median = summary ? String(summary.median) : '';
    if (!summary) setText(value, 'face.passive.none');
    else
      setText(value, 'face.passive.score', {
        median: summary.median.toFixed(2),
        lowest: summary.lowest.toFixed(2),
        frames: summary.frames,
      });
  }
}
