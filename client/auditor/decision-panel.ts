import type {
  AuditCallDetail,
  AuditDecisionInput,
  AuditDecisionView,
} from '../../shared/contracts/auditor.js';
import { ApiError } from '../common/api.js';
import { byTestId } from '../common/dom.js';
import { element } from '../common/elements.js';
import { setText, type MessageKey } from '../common/i18n.js';
import { errorMessageKey, type StatusLine } from '../common/status-line.js';
import { dateTime } from './audit-format.js';
import { auditChip } from './status-chip.js';

/** What an auditor may do; supervisors read the decision but do not make it. */
export interface DecisionActions {
  decide: (input: AuditDecisionInput) => Promise<AuditDecisionView>;
  /** The call as it is now: another auditor may have decided meanwhile. */
  reload: () => Promise<AuditCallDetail>;
}

/**
 * The call's audit status and the auditor's decision on it: approve, or reject
 * with a reason. Once decided, the decision is shown and cannot be made again.
 */
export class DecisionPanel {
  private readonly form: HTMLFormElement;
  private readonly comment: HTMLTextAreaElement;
  private readonly error: HTMLElement;
  private actions: DecisionActions | null = null;
  private call: AuditCallDetail | null = null;

  constructor(
    private readonly status: StatusLine,
    private readonly onDecided: (decision: AuditDecisionView) => void,
  ) {
    this.form = byTestId<HTMLFormElement>('decision-form');
    this.comment = this.form.elements.namedItem('comment') as HTMLTextAreaElement;
    this.error = byTestId('decision-error');
    this.form.addEventListener('submit', (event) => event.preventDefault());
    byTestId('approve').addEventListener('click', () => void this.submit('approved'));
    byTestId('reject').addEventListener('click', () => void this.submit('rejected'));
  }

  show(call: AuditCallDetail, actions: DecisionActions | null): void {
    this.actions = actions;
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
    const risk = element('span');
    setText(risk, call.highRisk ? 'auditor.highRisk' : 'auditor.lowRisk');
    line.replaceChildren(auditChip(call.auditStatus), ' ', risk);
  }

  private showDecision(decision: AuditDecisionView | null): void {
    const shown = byTestId('decision-shown');
    this.form.hidden = decision !== null || this.actions === null;
    shown.hidden = decision === null && this.actions !== null;
    delete shown.dataset.decision;
    if (!decision) return shown.replaceChildren(element('p', 'auditor.auditorsDecide'));
    shown.dataset.decision = decision.decision;
    const who = element('p');
    setText(who, decision.decision === 'approved' ? 'auditor.approvedBy' : 'auditor.rejectedBy', {
      by: decision.by,
      at: dateTime(decision.at),
    });
    const comment = element('blockquote');
    comment.className = 'decision-comment';
    comment.textContent = decision.comment;
    shown.replaceChildren(who, ...(decision.comment ? [comment] : []));
  }

  private async submit(decision: AuditDecisionInput['decision']): Promise<void> {
    const actions = this.actions;
    if (!actions) return;
    const comment = this.comment.value.trim();
    // The server refuses it too: a rejection must give the teller's manager a reason.
    if (decision === 'rejected' && !comment) return this.fail('auditor.commentRequired', true);
    this.busy(true);
    try {
      const view = await actions.decide({ decision, comment });
      if (actions === this.actions) this.decided(view);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'conflict') await this.decidedElsewhere(actions);
      else if (error instanceof ApiError && error.fields.some((i) => i.path === 'comment'))
        this.fail('auditor.commentRequired', true);
      else this.fail(errorMessageKey(error instanceof ApiError ? error.code : 'internal'), false);
    } finally {
      this.busy(false);
    }
  }

  private decided(view: AuditDecisionView): void {
    if (!this.call) return;
    this.call = { ...this.call, auditStatus: view.decision, decision: view };
    this.showStatus(this.call);
    this.showDecision(view);
    this.onDecided(view);
  }

  /** Another auditor was quicker: show their decision instead of the form. */
  private async decidedElsewhere(actions: DecisionActions): Promise<void> {
    const call = await actions.reload().catch((error: unknown) => this.status.failure(error));
    if (!call?.decision || actions !== this.actions) return;
    this.decided(call.decision);
    this.status.info('auditor.decidedMeanwhile');
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
