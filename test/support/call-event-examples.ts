import type { CallEventData, CallEventType } from '../../shared/contracts/call-events.js';

const hash = (c: string) => c.repeat(64);
const faceResult = {
  checkId: 'fc-1',
  distance: 0.41,
  score: 0.41,
  threshold: 0.5,
  reviewBand: 0.05,
  challenge: ['blink', 'turn-left'] as ('blink' | 'turn-left')[],
  referenceId: 'ref-1',
};

/** One valid data of every call event type, as its writer builds it (a new type must add one). */
export const CALL_EVENT_EXAMPLES: { [T in CallEventType]: CallEventData<T> } = {
  'consent.recording': { notice: '2026-11-1' },
  'queue.joined': { serviceId: 'contact-change', language: 'yue', priority: 'elderly' },
  'queue.left': {},
  'queue.abandoned': {},
  'call.started': { tellerId: 'u1' },
  'call.ended': { reason: 'customer_hung_up' },
  'call.participant.left': { participant: 'teller:u1' },
  'call.participant.rejoined': { participant: 'customer' },
  'transfer.requested': {
    transferId: 't1',
    target: { kind: 'group', serviceId: 'surrender', language: 'cmn' },
    reason: 'Cantonese speaker',
  },
  'transfer.consented': { transferId: 't1' },
  'transfer.refused': { transferId: 't1' },
  'transfer.cancelled': { transferId: 't1' },
  'transfer.completed': { transferId: 't1', fromTellerId: 'u1', toTellerId: 'u2' },
  'service.step_pushed': { stepId: 'retention', index: 1, presented: { cashValue: '1000.00' } },
  'service.step_submitted': {
    stepId: 'new-contact',
    values: {
      mobilePhone: '13800138000',
      consent: true,
      report: { documentId: 'd1', sha256: hash('a'), mediaType: 'application/pdf', byteLength: 10 },
    },
  },
  'service.step_confirmed': { stepId: 'policy' },
  'service.step_correction_requested': { stepId: 'policy', message: '请核对保单号' },
  'service.withdrawn': { stepId: 'retention' },
  'service.document_uploaded': { documentId: 'd1', sha256: hash('a'), mediaType: 'image/png' },
  'service.signature_requested': { summaryHash: hash('b') },
  'service.signature_captured': {
    summaryHash: hash('b'),
    imageSha256: hash('c'),
    pointCount: 120,
    durationMs: 2_400,
    capturedAt: 1_700_000_000_000,
  },
  'service.completed': { serviceId: 'surrender', faceCheck: { checkId: 'fc-1', passed: true, score: 0.41 } },
  'service.rated': { score: 5 },
  'record.downloaded': {},
  'record.access_denied': {},
  'face.reference.stored': { referenceId: 'ref-1', sha256: hash('d'), score: 0.98 },
  'face.check.started': { checkId: 'fc-1', challenge: ['turn-right', 'blink'], attempt: 1, remaining: 4 },
  'face.check.passed': { ...faceResult, outcome: 'pass', decidedBy: 'Teller One' },
  'face.check.failed': { ...faceResult, outcome: 'fail', reasons: ['no_match'], frameHashes: [hash('e')] },
  'face.check.review': {
    ...faceResult,
    outcome: 'review',
    reasons: [],
    frameHashes: [hash('e')],
    passiveSignals: { antispoof: { median: 0.671, lowest: 0.5, frames: 12 }, liveness: null },
  },
  'face.review.decided': {
    checkId: 'fc-1',
    decision: 'pass',
    by: 'Teller One',
    distance: 0.52,
    threshold: 0.5,
  },
  'face.attempts.exhausted': { failed: 5, max: 5 },
  'recording.failed': { track: 'customer/video', code: 'ffmpeg_exited', message: 'FFmpeg exited with 1' },
};
