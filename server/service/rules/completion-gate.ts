import type { ServiceDefinition } from '../../../shared/catalog/services.js';
import type { FaceCheckOutcome, ServiceFlowState } from './flow-types.js';

export type CompletionBlocker =
  | 'steps_unconfirmed'
  | 'signature_missing'
  | 'face_check_required'
  | 'face_reference_not_staff';

/**
 * Why the service cannot complete yet; empty when it can. A high-risk service
 * needs a passed face check on the call: until the face-check work supplies
 * one, such a service never completes.
 */
export function completionBlockers(
  service: ServiceDefinition,
  state: ServiceFlowState,
  faceCheck: FaceCheckOutcome | undefined,
): CompletionBlocker[] {
  const blockers: CompletionBlocker[] = [];
  const allConfirmed =
    state.steps.length === service.steps.length && state.steps.every((s) => s.status === 'confirmed');
  if (!allConfirmed) blockers.push('steps_unconfirmed');
  if (service.requiresSignature && !state.signature) blockers.push('signature_missing');
  const needsFaceCheck = service.risk === 'high' || service.requiresFaceCheck;
  if (needsFaceCheck && faceCheck?.passed !== true) blockers.push('face_check_required');
  // A customer's own photo could be anybody's face: a high-risk service rests only on a
  // check against a photo staff provided (the teller's upload or the institution's file).
  else if (service.risk === 'high' && faceCheck?.referenceSource === 'customer') {
    blockers.push('face_reference_not_staff');
  }
  return blockers;
}
