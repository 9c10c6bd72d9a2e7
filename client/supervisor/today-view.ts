import type { DayStatistics } from '../../shared/contracts/supervisor.js';
import { byTestId } from '../common/dom.js';
import { showDuration } from '../common/duration-text.js';
import { setText } from '../common/i18n.js';
import { percent } from './format.js';

function showCount(testId: string, value: number): void {
  byTestId(testId).textContent = String(value);
}

function showMs(testId: string, ms: number | null): void {
  const el = byTestId(testId);
  if (ms !== null) return showDuration(el, ms);
  delete el.dataset.i18n;
  el.textContent = '—';
}

/** Today's figures, as the server computed them at the board's time. */
export function renderToday(today: DayStatistics): void {
  showCount('metric-joined', today.joined);
  showCount('metric-answered', today.answered);
  showCount('metric-abandoned', today.abandoned);
  showCount('metric-offered', today.offered);
  showCount('metric-offers-expired', today.offersExpired);
  byTestId('metric-answer-rate').textContent = percent(today.answerRate);
  byTestId('metric-service-level').textContent = percent(today.serviceLevel);
  setText(byTestId('metric-service-level-label'), 'board.serviceLevel', { sec: today.serviceLevelSeconds });
  showMs('metric-average-wait', today.averageWaitMs);
  showMs('metric-average-handle', today.averageHandleMs);
  byTestId('metric-satisfaction').textContent =
    today.satisfaction === null ? '—' : `${today.satisfaction.toFixed(1)} / 5`;
}
