import { SERVICE_IDS } from '../../shared/catalog/services.js';
import type { MonitorMode } from '../../shared/contracts/monitor.js';
import type { SupervisorBoard } from '../../shared/contracts/supervisor.js';
import { PRIORITY_CLASSES } from '../../shared/domain/priority.js';
import { catalogName, setCatalogText } from '../common/catalog-labels.js';
import { byTestId } from '../common/dom.js';
import { showDuration } from '../common/duration-text.js';
import { isMessageKey, setText, t } from '../common/i18n.js';

type Now = SupervisorBoard['now'];
type TellerRow = Now['tellers'][number];

const STATUSES = ['available', 'offered', 'in_call', 'wrap_up', 'away'] as const;

function cell(tag: 'td' | 'th' = 'td', className = ''): HTMLTableCellElement {
  const el = document.createElement(tag);
  if (className) el.className = className;
  return el;
}

function textCell(text: string, className = ''): HTMLTableCellElement {
  const el = cell('td', className);
  el.textContent = text;
  return el;
}

/** Fills a table body; the note under it says so when there is nothing to list. */
function fillTable(name: string, rows: HTMLTableRowElement[]): void {
  byTestId<HTMLTableElement>(name).tBodies[0]!.replaceChildren(...rows);
  byTestId(name.replace(/-(board|by-service)$/, '') + '-empty').hidden = rows.length > 0;
}

/** A teller who does everything is the usual case: say so rather than list it all. */
function skillsText(skills: string[]): string {
  if (SERVICE_IDS.every((id) => skills.includes(id))) return t('board.allServices');
  return skills.map((id) => catalogName('service', id)).join(', ');
}

const MONITOR_MODES: readonly MonitorMode[] = ['listen', 'whisper', 'barge'];

/** What the calls' buttons ask of the page, and which call (in which mode) is monitored now. */
export interface MonitorControls {
  monitor(callId: string, mode: MonitorMode): void;
  readonly monitoring: { callId: string; mode: MonitorMode } | null;
}

/**
 * The live half of the board. Durations keep counting between boards (the
 * server pushes only on changes), from the moment each board arrived.
 */
export class NowView {
  private timers: Array<(elapsedMs: number) => void> = [];
  private last: { now: Now; boardAt: number } | null = null;

  constructor(private readonly monitor: MonitorControls) {}

  render(now: Now, boardAt: number): void {
    this.last = { now, boardAt };
    this.timers = [];
    byTestId('metric-waiting').textContent = String(now.waiting);
    this.ticking(byTestId('metric-oldest-wait'), now.oldestWaitMs);
    byTestId('metric-calls').textContent = String(now.calls.length);
    this.renderStatusCounts(now.tellers);
    this.renderWaiting(now);
    this.renderCalls(now, boardAt);
    this.renderTellers(now.tellers);
  }

  /** Moves every running duration on to `elapsedMs` after the board arrived. */
  tick(elapsedMs: number): void {
    for (const update of this.timers) update(elapsedMs);
  }

  private ticking(el: HTMLElement, ms: number | null): void {
    if (ms === null) {
      delete el.dataset.i18n;
      el.textContent = '—';
      return;
    }
    const update = (elapsed: number): void => showDuration(el, ms + elapsed);
    update(0);
    this.timers.push(update);
  }

  private renderStatusCounts(tellers: TellerRow[]): void {
    const el = byTestId('tellers-by-status');
    el.replaceChildren(
      ...STATUSES.map((status) => {
        const chip = document.createElement('span');
        chip.className = 'status-chip';
        chip.dataset.status = status;
        chip.dataset.testid = `tellers-${status}`;
        const count = tellers.filter((teller) => teller.status === status).length;
        chip.textContent = `${t(`desk.status.${status}`)} ${count}`;
        return chip;
      }),
    );
  }

  private renderWaiting(now: Now): void {
    const rows = now.waitingByService.map(({ serviceId, byPriority }) => {
      const row = document.createElement('tr');
      const name = cell('th');
      name.scope = 'row';
      setCatalogText(name, 'service', serviceId);
      const counts = PRIORITY_CLASSES.map((p) => textCell(String(byPriority[p]), 'num'));
      const total = PRIORITY_CLASSES.reduce((sum, p) => sum + byPriority[p], 0);
      row.append(name, ...counts, textCell(String(total), 'num strong'));
      return row;
    });
    fillTable('waiting-by-service', rows);
  }

  private renderCalls(now: Now, boardAt: number): void {
    const rows = now.calls.map((call) => {
      const row = document.createElement('tr');
      const service = cell();
      setCatalogText(service, 'service', call.serviceId);
      const duration = cell('td', 'num');
      this.ticking(duration, boardAt - call.startedAt);
      row.dataset.testid = 'call-in-progress';
      row.dataset.callId = call.callId;
      row.append(
        service,
        textCell(call.teller),
        textCell(call.customer),
        duration,
        this.monitorCell(call.callId),
      );
      return row;
    });
    fillTable('calls-board', rows);
  }

  /** The monitored call changed: its row's buttons say which mode is on. */
  monitorChanged(): void {
    if (this.last) this.renderCalls(this.last.now, this.last.boardAt);
  }

  private monitorCell(callId: string): HTMLTableCellElement {
    const td = cell('td', 'monitor-buttons');
    const on = this.monitor.monitoring;
    for (const mode of MONITOR_MODES) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'button button-small';
      button.dataset.testid = `monitor-${mode}`;
      const active = on?.callId === callId && on.mode === mode;
      button.setAttribute('aria-pressed', String(active));
      setText(button, `monitor.${mode}`);
      button.addEventListener('click', () => this.monitor.monitor(callId, mode));
      td.append(button);
    }
    return td;
  }

  private renderTellers(tellers: TellerRow[]): void {
    const order = (teller: TellerRow): number => STATUSES.indexOf(teller.status);
    const rows = [...tellers]
      .sort((a, b) => order(a) - order(b) || a.displayName.localeCompare(b.displayName))
      .map((teller) => {
        const row = document.createElement('tr');
        row.dataset.tellerId = teller.tellerId;
        row.dataset.status = teller.status;
        const name = cell('th');
        name.scope = 'row';
        name.textContent = teller.displayName;
        const since = cell('td', 'num');
        this.ticking(since, teller.sinceMs);
        row.append(
          name,
          this.statusCell(teller),
          since,
          textCell(skillsText(teller.skills), 'list'),
          textCell(teller.languages.map((id) => catalogName('language', id)).join(', ')),
        );
        return row;
      });
    fillTable('tellers-board', rows);
  }

  private statusCell(teller: TellerRow): HTMLTableCellElement {
    const td = cell();
    const chip = document.createElement('span');
    chip.className = 'status-chip';
    chip.dataset.status = teller.status;
    setText(chip, `desk.status.${teller.status}`);
    td.append(chip);
    const reasonKey = `board.awayReason.${teller.awayReason ?? ''}`;
    if (teller.awayReason) {
      const reason = document.createElement('span');
      reason.className = 'away-reason';
      if (isMessageKey(reasonKey)) setText(reason, reasonKey);
      else reason.textContent = teller.awayReason;
      td.append(reason);
    }
    return td;
  }
}
