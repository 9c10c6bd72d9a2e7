import type { FaceCheckResultView } from '../../shared/contracts/face-events.js';
import type { FaceCheckRow, FaceReference } from './face-store.js';
import { passiveSignalsOf } from './rules/passive-signals.js';

/** A judged check as the teller's page shows it; a review decision overrides the judged outcome. */
export function faceResultView(
  record: FaceCheckRow,
  failedAttempts: number,
  maxAttempts: number,
  reference: Pick<FaceReference, 'id' | 'source' | 'uploadedBy' | 'sha256'>,
  uploaderName: string | null,
): FaceCheckResultView {
  const judgement = record.judgement;
  const judged = judgement?.outcome ?? 'fail';
  return {
    callId: record.callId,
    checkId: record.id,
    outcome: record.decision?.decision ?? judged,
    judged,
    reasons: judgement?.reasons ?? [],
    distance: judgement?.distance ?? null,
    threshold: record.threshold,
    reviewBand: record.reviewBand,
    steps: record.challenge,
    frames: judgement?.frames ?? [],
    thumbnail: judgement?.thumbnail
      ? `data:image/jpeg;base64,${Buffer.from(judgement.thumbnail).toString('base64')}`
      : null,
    decidedBy: record.decision?.decidedBy ?? null,
    passiveSignals: passiveSignalsOf(judgement?.frames ?? []),
    failedAttempts,
    maxAttempts,
    reference: {
      referenceId: reference.id,
      source: reference.source,
      uploadedBy: reference.uploadedBy,
      uploaderName,
      sha256: reference.sha256,
    },
  };
}
