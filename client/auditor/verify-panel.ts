import type { AuditVerifyResult, VerifyCheck } from '../../shared/contracts/auditor.js';
import { $, byTestId } from '../common/dom.js';
import { element } from '../common/elements.js';
import { onLocaleChange, setText, t, type MessageKey } from '../common/i18n.js';
import type { StatusLine } from '../common/status-line.js';
import { findingText } from './verify-text.js';

type FileMismatch = NonNullable<AuditVerifyResult['files']>['mismatches'][number];

/**
 * The Verify button and what it found: each check (the files against the
 * manifest, the record's signature, the audit chain) with the server's detail,
 * and every file that is missing or changed by name.
 */
export class VerifyPanel {
  private readonly button: HTMLButtonElement;
  private readonly result: HTMLElement;
  private run: (() => Promise<AuditVerifyResult>) | null = null;
  private shown: AuditVerifyResult | null = null;

  constructor(private readonly status: StatusLine) {
    this.button = byTestId<HTMLButtonElement>('verify');
    this.result = byTestId('verify-result');
    this.button.addEventListener('click', () => void this.verify());
    // The findings are worded by the page: again in the new language.
    onLocaleChange(() => {
      if (this.shown) this.show(this.shown);
    });
  }

  /** Clears the last result: it belonged to another call. */
  reset(run: () => Promise<AuditVerifyResult>): void {
    this.run = run;
    this.shown = null;
    this.result.hidden = true;
    delete this.result.dataset.ok;
  }

  private async verify(): Promise<void> {
    if (!this.run) return;
    const run = this.run;
    this.button.disabled = true;
    setText(this.button, 'auditor.verifying');
    try {
      const result = await run();
      // The auditor may have opened another call meanwhile.
      if (run === this.run) this.show(result);
    } catch (error) {
      this.status.failure(error);
    } finally {
      this.button.disabled = false;
      setText(this.button, 'auditor.verify');
    }
  }

  private show(result: AuditVerifyResult): void {
    this.shown = result;
    // "none": nothing of the call could be verified, which is not the same as verified.
    this.result.dataset.ok = result.ok === null ? 'none' : String(result.ok);
    this.summary(result);
    const checks: HTMLElement[] = [
      this.check('files', 'auditor.check.files', result.files, 'auditor.check.noRecording'),
    ];
    const mismatches = (result.files?.mismatches ?? []).map((m) => this.mismatch(m));
    if (mismatches.length > 0) {
      const list = element('ul');
      list.className = 'mismatch-list';
      list.append(...mismatches);
      checks[0]!.append(list);
    }
    checks.push(
      this.check('record', 'auditor.check.record', result.record, 'auditor.check.none'),
      this.check('chain', 'auditor.check.chain', result.chain, 'auditor.check.none'),
    );
    $('[data-slot=checks]', this.result).replaceChildren(...checks);
    this.result.hidden = false;
  }

  /**
   * "All checks passed" only when the recording and the record were both there
   * to check; otherwise the summary says what the call lacks.
   */
  private summary(result: AuditVerifyResult): void {
    const summary = $('[data-slot=summary]', this.result);
    if (result.ok === null) return setText(summary, 'auditor.verifyNothing');
    if (!result.ok) return setText(summary, 'auditor.verifyFailed');
    if (result.files && result.record) return setText(summary, 'auditor.verifyOk');
    setText(summary, 'auditor.verifyPartly', {
      missing: t(result.files ? 'auditor.check.none' : 'auditor.check.noRecording'),
    });
  }

  private check(name: string, title: MessageKey, check: VerifyCheck | null, absent: MessageKey): HTMLElement {
    const item = element('li');
    item.dataset.check = name;
    item.dataset.ok = check ? String(check.ok) : 'none';
    const verdict = element(
      'strong',
      check === null ? absent : check.ok ? 'auditor.check.ok' : 'auditor.check.failed',
    );
    verdict.className = 'check-verdict';
    const detail = element('span');
    detail.className = 'check-detail';
    detail.textContent = check ? findingText(check.finding) : '';
    item.append(element('span', title), ' ', verdict, ' ', detail);
    return item;
  }

  private mismatch(m: FileMismatch): HTMLElement {
    const item = element('li');
    item.dataset.file = m.file;
    const file = element('code');
    file.textContent = m.file;
    item.append(file, ' — ', element('span', `auditor.problem.${m.problem}`));
    return item;
  }
}
