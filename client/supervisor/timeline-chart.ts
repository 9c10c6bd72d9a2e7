import type { SupervisorBoard } from '../../shared/contracts/supervisor.js';
import { t } from '../common/i18n.js';
import { clockTime } from '../common/institution-time.js';
import { niceStep } from './format.js';

type Slot = SupervisorBoard['timeline'][number];

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 760;
const HEIGHT = 260;
const MARGIN = { top: 14, right: 56, bottom: 34, left: 48 };
const DAY_MS = 24 * 3_600_000;
const SLOT_MS = 15 * 60_000;
const HOUR_LABEL_EVERY = 3;

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, String(value));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Ticks from 0 to a round maximum at or above `max`. */
function axisTicks(max: number, minStep: number): number[] {
  const step = Math.max(minStep, niceStep(max));
  const top = Math.max(step, Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(Number(v.toFixed(6)));
  return ticks;
}

/**
 * Waiting customers (left axis, area) and the average wait of those answered
 * (right axis, minutes, a line broken where nobody was answered), over the
 * whole day so that the shape of the day reads at a glance. Hand-drawn SVG.
 */
export function renderTimeline(container: HTMLElement, timeline: Slot[], now: number): void {
  const first = timeline[0];
  if (!first) {
    container.replaceChildren();
    return;
  }
  const dayStart = first.slotStart;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (at: number): number =>
    MARGIN.left + (Math.min(Math.max(at - dayStart, 0), DAY_MS) / DAY_MS) * plotW;
  const waitingTicks = axisTicks(Math.max(...timeline.map((s) => s.waiting)), 1);
  const waitMinutes = timeline.map((s) => (s.averageWaitMs === null ? null : s.averageWaitMs / 60_000));
  const minuteTicks = axisTicks(Math.max(0, ...waitMinutes.map((m) => m ?? 0)), 0.5);
  const yLeft = (v: number): number => MARGIN.top + plotH - (v / waitingTicks.at(-1)!) * plotH;
  const yRight = (v: number): number => MARGIN.top + plotH - (v / minuteTicks.at(-1)!) * plotH;
  const bottom = MARGIN.top + plotH;

  const chart = svg('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    role: 'img',
    'aria-label': t('board.chartSummary', {
      waiting: timeline.at(-1)!.waiting,
      peak: Math.max(...timeline.map((s) => s.waiting)),
    }),
    class: 'timeline',
  });

  const grid = svg('g', { class: 'grid' });
  for (const v of waitingTicks) {
    grid.append(svg('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: yLeft(v), y2: yLeft(v) }));
    grid.append(svg('text', { x: MARGIN.left - 8, y: yLeft(v) + 4, class: 'tick tick-left' }, String(v)));
  }
  for (const v of minuteTicks) {
    const label = t('board.chartMinutes', { min: v });
    grid.append(
      svg('text', { x: WIDTH - MARGIN.right + 8, y: yRight(v) + 4, class: 'tick tick-right' }, label),
    );
  }
  for (let hour = 0; hour <= 24; hour += HOUR_LABEL_EVERY) {
    const at = dayStart + hour * 3_600_000;
    grid.append(svg('line', { x1: x(at), x2: x(at), y1: bottom, y2: bottom + 5, class: 'axis' }));
    const label = hour === 24 ? '24:00' : clockTime(at);
    grid.append(svg('text', { x: x(at), y: bottom + 20, class: 'tick tick-hour' }, label));
  }
  grid.append(
    svg('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: bottom, y2: bottom, class: 'axis' }),
  );
  chart.append(grid);

  // Waiting is counted at each slot's end (or now, for the current slot).
  const ends = timeline.map((s) => Math.min(s.slotStart + SLOT_MS, now));
  const points = timeline.map((s, i) => `${x(ends[i]!).toFixed(1)},${yLeft(s.waiting).toFixed(1)}`);
  const area = `M${x(dayStart)},${bottom} L${x(dayStart)},${yLeft(0)} L${points.join(' L')} L${x(ends.at(-1)!)},${bottom} Z`;
  chart.append(svg('path', { d: area, class: 'series-waiting-area' }));
  chart.append(svg('polyline', { points: points.join(' '), class: 'series-waiting' }));

  // Averages belong to the middle of their slot; a slot without answers breaks the line.
  let segment: string[] = [];
  const segments: string[][] = [];
  timeline.forEach((s, i) => {
    const minutes = waitMinutes[i];
    if (minutes === null || minutes === undefined) {
      if (segment.length) segments.push(segment);
      segment = [];
      return;
    }
    const px = x(Math.min(s.slotStart + SLOT_MS / 2, now));
    segment.push(`${px.toFixed(1)},${yRight(minutes).toFixed(1)}`);
    chart.append(
      svg('circle', { cx: px.toFixed(1), cy: yRight(minutes).toFixed(1), r: 2.5, class: 'series-wait-dot' }),
    );
  });
  if (segment.length) segments.push(segment);
  for (const part of segments)
    chart.append(svg('polyline', { points: part.join(' '), class: 'series-wait' }));

  chart.append(svg('line', { x1: x(now), x2: x(now), y1: MARGIN.top, y2: bottom, class: 'now-line' }));
  container.replaceChildren(chart);
}
