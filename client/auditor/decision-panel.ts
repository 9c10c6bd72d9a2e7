import {
  callHasProblems,
  type AuditCallDetail,
  type AuditDecisionInput,
  type AuditDecisionView,
} from '../../shared/contracts/auditor.js';
import { ApiError } from '../common/api.js';
import { $, byTestId } from '../common/dom.js';
import { element } from '../common/elements.js';
import { onLocaleChange, setText, type MessageKey } from '../common/i18n.js';
import { errorMessageKey, type StatusLine } from '../common/status-line.js';
import { dateTime } from '../common/institution-time.js';
import { outcomeText, problemsText } from './outcome-view.js';
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
  private readonly warning: HTMLElement;
  private actions: DecisionActions | null = null;
  private call: AuditCallDetail | null = null;

  constructor(
    private readonly status: StatusLine,
    private readonly onDecided: (decision: AuditDecisionView) => void,
  ) {
    this.form = byTestId<HTMLFormElement>('decision-form');
    this.comment = this.form.elements.namedItem('comment') as HTMLTextAreaElement;
    this.error = byTestId('decision-error');
    this.warning = byTestId('approve-warning');
    this.form.addEventListener('submit', (event) => event.preventDefault());
    byTestId('approve').addEventListener('click', () => this.approve());
    byTestId('approve-confirm').addEventListener('click', () => void this.submit('approved', true));
    byTestId('approve-cancel').addEventListener('click', () => {
      this.warning.hidden = true;
      byTestId('approve').focus();
    });
    byTestId('reject').addEventListener('click', () => void this.submit('rejected'));
    // The warning and the decision nest worded outcomes: word them again in a new language.
    onLocaleChange(() => {
      if (!this.call) return;
      if (!this.warning.hidden) this.showProblems(this.call);
      if (this.call.decision) this.showDecision(this.call.decision);
    });
  }

  show(call: AuditCallDetail, actions: DecisionActions | null): void {
    this.actions = actions;
    this.call = call;
    this.comment.value = '';
    this.comment.removeAttribute('aria-invalid');
    this.error.hidden = true;
    this.warning.hidden = true;
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
    const seen = element('p');
    seen.className = 'muted';
    if (decision.seenOutcome)
      setText(seen, 'auditor.seenOutcome', { outcome: outcomeText(decision.seenOutcome) });
    shown.replaceChildren(
      who,
      ...(decision.comment ? [comment] : []),
      ...(decision.seenOutcome ? [seen] : []),
    );
  }

  /**
   * A high-risk call that did not complete, failed its face check or lacks a
   * whole recording is approved only after the auditor has seen its problems
   * named and confirmed.
   */
  private approve(): void {
    const call = this.call;
    if (!call) return;
    if (!(call.highRisk && callHasProblems(call))) return void this.submit('approved');
    this.showProblems(call);
    this.warning.hidden = false;
    byTestId('approve-confirm').focus();
  }

  private showProblems(call: AuditCallDetail): void {
    setText($('[data-slot=problems]', this.warning), 'auditor.approveProblems', {
      problems: problemsText(call),
    });
  }

  private async submit(decision: AuditDecisionInput['decision'], problemsConfirmed = false): Promise<void> {
    const actions = this.actions;
    const call = this.call;
    if (!actions || !call) return;
    this.warning.hidden = true;
    const comment = this.comment.value.trim();
    // The server refuses it too: a rejection must give the teller's manager a reason.
    if (decision === 'rejected' && !comment) return this.fail('auditor.commentRequired', true);
    this.busy(true);
    try {
      const view = await actions.decide({ decision, comment, seenOutcome: call.outcome, problemsConfirmed });
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
    for (const id of ['approve', 'approve-confirm', 'reject']) byTestId<HTMLButtonElement>(id).disabled = on;
  }
}
