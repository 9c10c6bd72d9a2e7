import type { AuditCallRow } from '../../shared/contracts/auditor.js';
import { ApiError } from '../common/api.js';
import { showScreen } from '../common/dom.js';
import { timeZoneKnown } from '../common/institution-time.js';
import { runStaffPage, type SignedIn, type StaffScreen } from '../common/staff-page.js';
import { AuditApi } from './audit-api.js';
import { CallSearchView } from './call-search.js';
import { CallView } from './call-view.js';

/** The auditor's screen: find calls, open one to replay, verify and decide on it. */
class AuditorScreen implements StaffScreen {
  private readonly calls: CallView;
  private readonly search: CallSearchView;
  private readonly rows = new Map<string, AuditCallRow>();
  private closed = false;

  constructor(private readonly session: SignedIn) {
    const api = new AuditApi();
    this.calls = new CallView(
      api,
      session.user.role === 'auditor',
      session.status,
      (callId, decision) => {
        const row = this.rows.get(callId);
        if (row) this.search.update({ ...row, auditStatus: decision.decision });
      },
      () => this.search.select(null),
    );
    this.search = new CallSearchView(
      async (query) => {
        const rows = await this.guard(api.search(query));
        for (const row of rows) this.rows.set(row.callId, row);
        return rows;
      },
      (callId) => void this.open(callId),
    );
    showScreen('audit');
    // The list shows times in the institution's zone: the first search waits until it is known.
    void timeZoneKnown().then(() => this.search.search());
  }

  close(): void {
    this.closed = true;
    this.calls.close();
  }

  private async open(callId: string): Promise<void> {
    this.session.status.clear();
    await this.guard(this.calls.open(callId)).catch(() => undefined);
    if (!this.closed) this.search.select(this.calls.callId);
  }

  /** Every failure reaches the status line; an ended session goes back to sign-in. */
  private async guard<T>(request: Promise<T>): Promise<T> {
    try {
      return await request;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this.session.expire();
      else this.session.status.failure(error);
      throw error;
    }
  }
}

runStaffPage({
  roles: ['auditor', 'supervisor'],
  wrongRole: 'auditor.notAuditor',
  open: (session) => new AuditorScreen(session),
});
