import type { AuditCallRow, CallSearch } from '../../shared/contracts/auditor.js';
import { SERVICES } from '../../shared/catalog/services.js';
import { setCatalogText } from '../common/catalog-labels.js';
import { $, byTestId } from '../common/dom.js';
import { actionButton, element } from '../common/elements.js';
import { setText, t } from '../common/i18n.js';
import { dateTime } from '../common/institution-time.js';
import { mediaClock } from './audit-format.js';
import { outcomeView } from './outcome-view.js';
import { auditChip, recordingChip } from './status-chip.js';

/** A cell; `slot` names its place in the row's stacked layout on a phone. */
function cell(slot: string, ...content: (Node | string)[]): HTMLTableCellElement {
  const td = document.createElement('td');
  td.dataset.cell = slot;
  td.append(...content);
  return td;
}

/** The search form and its result table; choosing a row opens the call. */
export class CallSearchView {
  private readonly form: HTMLFormElement;
  private readonly body: HTMLTableSectionElement;
  private readonly error: HTMLElement;
  private selected: string | null = null;
  /** Searches started so far: an answer to an older one (the page's first, unfiltered search) must not replace a newer one's. */
  private started = 0;

  constructor(
    private readonly runSearch: (query: CallSearch) => Promise<AuditCallRow[]>,
    private readonly onOpen: (callId: string) => void,
  ) {
    this.form = byTestId<HTMLFormElement>('search-form');
    this.body = byTestId<HTMLTableElement>('calls-table').tBodies[0]!;
    this.error = byTestId('search-error');
    this.fillServices();
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.search();
    });
  }

  async search(): Promise<void> {
    const query = this.query();
    if (query.from && query.to && query.from > query.to) {
      setText(this.error, 'auditor.rangeReversed');
      this.error.hidden = false;
      this.input('to').focus();
      return;
    }
    this.error.hidden = true;
    const submit = byTestId<HTMLButtonElement>('search-calls', this.form);
    submit.disabled = true;
    const searchNumber = ++this.started;
    try {
      const rows = await this.runSearch(query);
      if (searchNumber === this.started) this.show(rows);
    } catch {
      // The runner has said what went wrong; the last results stay.
    } finally {
      submit.disabled = false;
    }
  }

  /** Marks the open call's row, or none. */
  select(callId: string | null): void {
    this.selected = callId;
    for (const row of this.body.rows) {
      if (row.dataset.callId === callId) row.setAttribute('aria-selected', 'true');
      else row.removeAttribute('aria-selected');
    }
  }

  /** Redraws one row after the call changed (an audit decision). */
  update(row: AuditCallRow): void {
    this.body.querySelector(`tr[data-call-id="${CSS.escape(row.callId)}"]`)?.replaceWith(this.row(row));
    this.select(this.selected);
  }

  private fillServices(): void {
    const select = $<HTMLSelectElement>('select[name=serviceId]', this.form);
    const all = element('option', 'auditor.allServices');
    all.value = '';
    select.replaceChildren(
      all,
      ...SERVICES.map((service) => {
        const option = element('option');
        option.value = service.id;
        setCatalogText(option, 'service', service.id);
        return option;
      }),
    );
  }

  private input(name: string): HTMLInputElement | HTMLSelectElement {
    return this.form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
  }

  private query(): CallSearch {
    const value = (name: string): string | undefined => this.input(name).value.trim() || undefined;
    return {
      from: value('from'),
      to: value('to'),
      teller: value('teller'),
      serviceId: value('serviceId'),
      customer: value('customer'),
    };
  }

  private show(rows: AuditCallRow[]): void {
    this.body.replaceChildren(...rows.map((row) => this.row(row)));
    setText(byTestId('results-count'), rows.length === 0 ? 'auditor.noCalls' : 'auditor.callsFound', {
      count: rows.length,
    });
    this.select(this.selected);
  }

  private row(call: AuditCallRow): HTMLTableRowElement {
    const tr = document.createElement('tr');
    tr.className = 'call-row';
    tr.dataset.testid = 'call-row';
    tr.dataset.callId = call.callId;
    const service = element('span');
    setCatalogText(service, 'service', call.serviceId);
    const duration =
      call.endedAt === null
        ? element('span', 'auditor.inProgress')
        : mediaClock(call.endedAt - call.startedAt);
    const durationCell = cell('duration', duration);
    durationCell.className = 'num';
    const open = actionButton('open-call', 'auditor.open', () => this.onOpen(call.callId));
    open.setAttribute('aria-describedby', `started-${call.callId}`);
    const started = element('span');
    started.id = `started-${call.callId}`;
    started.textContent = dateTime(call.startedAt);
    tr.append(
      cell('started', started),
      durationCell,
      cell('service', service),
      cell('tellers', call.tellers.map((teller) => teller.displayName).join(t('auditor.listSeparator'))),
      cell('customer', call.customerNameMasked, element('br'), call.customerIdMasked),
      cell('outcome', outcomeView(call)),
      cell('recording', recordingChip(call.recordingStatus)),
      cell('audit', auditChip(call.auditStatus)),
      cell('open', open),
    );
    // The whole row is a target for the pointer; the button is the keyboard's way in.
    tr.addEventListener('click', (event) => {
      if (event.target !== open) this.onOpen(call.callId);
    });
    return tr;
  }
}
