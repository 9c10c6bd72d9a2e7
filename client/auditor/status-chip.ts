import type { AuditStatus, RecordingStatus } from '../../shared/contracts/auditor.js';
import { element } from '../common/elements.js';
import type { MessageKey } from '../common/i18n.js';

function chip(key: MessageKey, status: string): HTMLElement {
  const el = element('span', key);
  el.className = 'status-chip';
  el.dataset.status = status;
  return el;
}

/** "Pending audit", "Approved"… coloured by status. */
export const auditChip = (status: AuditStatus): HTMLElement =>
  chip(`auditor.audit.${status}`, `audit-${status}`);

export const recordingChip = (status: RecordingStatus): HTMLElement =>
  chip(`auditor.recording.${status}`, `recording-${status}`);
