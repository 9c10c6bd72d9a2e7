import type {
  AuditCallDetail,
  AuditDecisionInput,
  AuditDecisionView,
} from '../../shared/contracts/auditor.js';
import { ApiError } from '../common/api.js';
import { byTestId } from '../common/dom.js';
import { setText, type MessageKey } from '../common/i18n.js';
import { errorMessageKey } from '../common/status-line.js';
import { dateTime } from './audit-format.js';
import { auditChip } from './status-chip.js';

type Decide = (input: AuditDecisionInput) => Promise<AuditDecisionView>;

/**
 * The call's audit status and the auditor's decision on it: approve, or reject
 * with a reason. Once decided, the decision is shown and cannot be made again.
 */
export class DecisionPanel {
  private readonly form: HTMLFormElement;
  private readonly comment: HTMLTextAreaElement;
  private readonly error: HTMLElement;
  private decide: Decide | null = null;
  private call: AuditCallDetail | null = null;

  constructor(private readonly onDecided: (decision: AuditDecisionView) => void) {
    this.form = byTestId<HTMLFormElement>('decision-form');
    this.comment = this.form.elements.namedItem('comment') as HTMLTextAreaElement;
    this.error = byTestId('decision-error');
    this.form.addEventListener('submit', (event) => event.preventDefault());
    byTestId('approve').addEventListener('click', () => void this.submit('approved'));
    byTestId('reject').addEventListener('click', () => void this.submit('rejected'));
  }

  show(call: AuditCallDetail, decide: Decide): void {
    this.decide = decide;
    this.call = call;
    this.comment.value = '';
    this.comment.removeAttribute('aria-invalid');
    this.error.hidden = true;
    this.showStatus(call);
    this.showDecision(call.decision);
  }

  private showStatus(call: Pick<AuditCallDetail, 'auditStatus' | 'highRisk'>): void {
    const line = byTestId('audit-status');
    line.dataset.status = call.auditStatus;
    const risk = document.createElement('span');
    setText(risk, call.highRisk ? 'auditor.highRisk' : 'auditor.lowRisk');
    line.replaceChildren(auditChip(call.auditStatus), ' ', risk);
  }

  private showDecision(decision: AuditDecisionView | null): void {
    const shown = byTestId('decision-shown');
    this.form.hidden = decision !== null;
    shown.hidden = decision === null;
    if (!decision) return shown.replaceChildren();
    shown.dataset.decision = decision.decision;
    const who = document.createElement('p');
    setText(who, decision.decision === 'approved' ? 'auditor.approvedBy' : 'auditor.rejectedBy', {
      by: decision.by,
      at: dateTime(decision.at),
    });
    const comment = document.createElement('blockquote');
    comment.className = 'decision-comment';
    comment.textContent = decision.comment;
    shown.replaceChildren(who, ...(decision.comment ? [comment] : []));
  }

  private async submit(decision: AuditDecisionInput['decision']): Promise<void> {
    const decide = this.decide;
    if (!decide) return;
    const comment = this.comment.value.trim();
    // The server refuses it too: a rejection must give the teller's manager a reason.
    if (decision === 'rejected' && !comment) return this.fail('auditor.commentRequired', true);
    this.busy(true);
    try {
      const view = await decide({ decision, comment });
      if (decide !== this.decide || !this.call) return;
      this.showStatus({ ...this.call, auditStatus: view.decision });
      this.showDecision(view);
      this.onDecided(view);
    } catch (error) {
      const code = error instanceof ApiError ? error.code : 'internal';
      const commentIssue = error instanceof ApiError && error.issues.some((i) => i.path === 'comment');
      if (commentIssue) this.fail('auditor.commentRequired', true);
      else this.fail(errorMessageKey(code), false);
    } finally {
      this.busy(false);
    }
  }

  private fail(key: MessageKey, aboutComment: boolean): void {
    setText(this.error, key);
    this.error.hidden = false;
    if (!aboutComment) return;
    this.comment.setAttribute('aria-invalid', 'true');
    this.comment.focus();
  }

  private busy(on: boolean): void {
    for (const id of ['approve', 'reject']) byTestId<HTMLButtonElement>(id).disabled = on;
  }
}
