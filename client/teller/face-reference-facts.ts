import type { FaceCheckResultView } from '../../shared/contracts/face-events.js';
import { byTestId } from '../common/dom.js';
import { setText } from '../common/i18n.js';

/** How many of the hash's characters the line shows; the whole is in its tooltip and the record's appendix. */
const HASH_SHOWN = 16;

/**
 * The photo the result was judged against: who provided it (a customer's own
 * photo marked as such), who uploaded it, and its SHA-256, so the teller can
 * tell a staff-provided reference from one an impostor could have sent.
 */
export function showReferenceFacts(box: HTMLElement, reference: FaceCheckResultView['reference']): void {
  const source = byTestId('face-reference-source', box);
  source.dataset.source = reference.source;
  setText(source, `face.referenceSource.${reference.source}`);
  const uploader = byTestId('face-reference-uploader', box);
  if (reference.uploaderName !== null) {
    delete uploader.dataset.i18n;
    uploader.textContent = reference.uploaderName;
  } else if (reference.uploadedBy === 'customer' || reference.uploadedBy === 'api_key')
    setText(uploader, `face.uploader.${reference.uploadedBy}`);
  else {
    // A staff account since removed: its id is all there is.
    delete uploader.dataset.i18n;
    uploader.textContent = reference.uploadedBy;
  }
  const hash = byTestId('face-reference-hash', box);
  hash.textContent = `${reference.sha256.slice(0, HASH_SHOWN)}…`;
  hash.title = reference.sha256;
  hash.dataset.sha256 = reference.sha256;
}
