import type { VerifyFinding } from '../../shared/contracts/auditor.js';
import { dateTime } from '../common/institution-time.js';
import { t } from '../common/i18n.js';

const list = (items: string[]): string => items.join(t('auditor.listSeparator'));

/** The record check's findings beyond the code's own sentence. */
function recordText(
  finding: Extract<VerifyFinding, { code: `record_${string}` | 'signature_broken' }>,
): string {
  switch (finding.code) {
    case 'record_missing':
      return t('auditor.finding.record_missing');
    case 'record_unreadable':
    case 'signature_broken': {
      const what =
        finding.code === 'record_unreadable'
          ? t('auditor.finding.record_unreadable')
          : t('auditor.finding.signature_broken', {
              problems:
                finding.problems.length === 0
                  ? t('auditor.signatureProblem.none')
                  : list(finding.problems.map((p) => t(`auditor.signatureProblem.${p}`))),
            });
      return finding.storedDiffers ? `${what} ${t('auditor.finding.storedDiffers')}` : what;
    }
    case 'record_names_other_manifest':
      return finding.named
        ? t('auditor.finding.record_names_other_manifest', { named: `${finding.named.slice(0, 12)}…` })
        : t('auditor.finding.record_names_no_manifest');
    case 'record_ok': {
      const parts = [
        t('auditor.finding.record_ok', { signer: finding.signer ?? t('auditor.finding.unnamedSigner') }),
      ];
      if (finding.signedAt)
        parts.push(t('auditor.finding.timestamped', { at: dateTime(Date.parse(finding.signedAt)) }));
      if (finding.namesManifest) parts.push(t('auditor.finding.namesManifest'));
      return parts.join(' ');
    }
  }
}

/** What a verification check found, in the page's language. */
export function findingText(finding: VerifyFinding): string {
  switch (finding.code) {
    case 'purged_manifest_ok':
      return t('auditor.finding.purged_manifest_ok', { at: dateTime(finding.purgedAt) });
    case 'files_mismatch':
      return t('auditor.finding.files_mismatch', { count: finding.count, total: finding.total });
    case 'files_ok':
      return t('auditor.finding.files_ok', { total: finding.total });
    case 'chain_ok':
      return t('auditor.finding.chain_ok', { entries: finding.entries });
    case 'chain_broken':
      return t('auditor.finding.chain_broken', {
        seq: finding.seq,
        reason: t(`auditor.chainBreak.${finding.reason}`),
      });
    case 'record_missing':
    case 'record_unreadable':
    case 'signature_broken':
    case 'record_names_other_manifest':
    case 'record_ok':
      return recordText(finding);
    default:
      return t(`auditor.finding.${finding.code}`);
  }
}
