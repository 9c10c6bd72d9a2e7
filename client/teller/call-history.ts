import type { CallHistoryRow } from '../../shared/contracts/call-history.js';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import { callApi, onPinnedNode } from '../common/api.js';
import { setCatalogText } from '../common/catalog-labels.js';
import { $, byTestId } from '../common/dom.js';
import { element } from '../common/elements.js';
import { setText, type MessageKey } from '../common/i18n.js';
import { setLabelText } from '../common/label-text.js';
import { clockTime } from '../common/institution-time.js';

/** What became of the call, in a word: the service's end or the hand-over. */
function resultKey(row: CallHistoryRow): MessageKey {
  if (row.endReason === 'transferred') return 'history.transferred';
  if (row.endedAt === null) return 'history.inProgress';
  if (row.serviceStatus === 'completed') return 'history.service.completed';
  if (row.serviceStatus === 'withdrawn') return 'history.service.withdrawn';
  return 'history.service.none';
}

/**
 * The teller's calls of the day, read from the server's store (not from the
 * live call), so each signed record stays at hand after its call.
 */
export class CallHistory {
  private readonly el = byTestId('call-history');
  private readonly table = $<HTMLTableElement>('[data-slot=history-table]', this.el);
  private readonly rows = $<HTMLTableSectionElement>('[data-slot=history-rows]', this.el);
  private loading: Promise<void> | null = null;
  private again = false;
  private shown: CallHistoryRow[] = [];
  /** The call the teller is wrapping up, whose outcome is still to come. */
  private wrappingUp: string | null = null;

  /** The call in wrap-up now, or null: its row says the outcome is on its way. */
  setWrappingUp(callId: string | null): void {
    if (callId === this.wrappingUp) return;
    this.wrappingUp = callId;
    this.render(this.shown);
  }

  /** Reads the list again; asked while reading, it reads once more after. */
  refresh(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = this.load().finally(() => {
      this.loading = null;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    try {
      // The staff session cookie says who asks.
      const { calls } = await callApi(restRoutes.tellerHistory);
      this.render(calls);
    } catch (error) {
      // The list waits for the next call's end; the desk itself keeps working.
      console.warn(error);
    }
  }

  private render(calls: CallHistoryRow[]): void {
    this.shown = calls;
    this.rows.replaceChildren(...calls.map((call) => this.row(call)));
    this.table.hidden = calls.length === 0;
    byTestId('history-empty', this.el).hidden = calls.length > 0;
  }

  private row(call: CallHistoryRow): HTMLTableRowElement {
    const tr = element('tr');
    tr.dataset.testid = 'history-row';
    tr.dataset.callId = call.callId;
    const time = element('td');
    time.className = 'history-time';
    time.textContent =
      call.endedAt === null
        ? clockTime(call.startedAt)
        : `${clockTime(call.startedAt)}–${clockTime(call.endedAt)}`;
    const customer = element('td');
    customer.textContent = call.customerName;
    const service = element('td');
    setCatalogText(service, 'service', call.serviceId);
    tr.append(time, customer, service, this.outcomeCell(call), this.recordCell(call));
    return tr;
  }

  private outcomeCell(call: CallHistoryRow): HTMLTableCellElement {
    const td = element('td');
    const result = element('span', resultKey(call));
    result.dataset.testid = 'history-result';
    const wrapUp = element('span');
    wrapUp.className = 'muted';
    wrapUp.dataset.testid = 'history-outcome';
    if (call.wrapUp?.label) setLabelText(wrapUp, call.wrapUp.label);
    else if (call.wrapUp?.outcome) wrapUp.textContent = call.wrapUp.outcome;
    else setText(wrapUp, call.callId === this.wrappingUp ? 'history.wrappingUp' : 'history.noOutcome');
    td.append(result, element('br'), wrapUp);
    if (call.wrapUp?.note) {
      const note = element('span');
      note.className = 'muted history-note';
      note.textContent = call.wrapUp.note;
      td.append(element('br'), note);
    }
    return td;
  }

  private recordCell(call: CallHistoryRow): HTMLTableCellElement {
    const td = element('td');
    if (!call.recordUrl) {
      td.textContent = '—';
      return td;
    }
    // The staff session cookie goes along with a plain link.
    const link = element('a', 'history.openRecord');
    link.href = onPinnedNode(call.recordUrl);
    link.target = '_blank';
    link.rel = 'noopener';
    link.dataset.testid = 'history-record';
    td.append(link);
    return td;
  }
}
