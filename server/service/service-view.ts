import type { ServiceStateView, StepView } from '../../shared/contracts/service-events.js';
import { completionBlockers } from './rules/completion-gate.js';
import type { FaceCheckOutcome, ServiceFlowState } from './rules/flow-types.js';
import { signingSummary, summaryHash } from './rules/signing-summary.js';
import { serviceOf } from './rules/step-commands.js';
import type { StoredSignature } from './service-store.js';

export interface ServiceExtras {
  signatureRequested: boolean;
  signature: StoredSignature | undefined;
  faceCheck: FaceCheckOutcome | undefined;
  /** No check passed and the latest verdict was a fail: why a service that needed it did not complete. */
  faceCheckFailed: boolean;
  recordUrl: string | null;
  rated: boolean;
}

export const pngDataUrl = (png: Buffer): string => `data:image/png;base64,${png.toString('base64')}`;

/** What both pages draw: the flow state, with what the customer signs once every step is confirmed. */
export function serviceStateView(state: ServiceFlowState, extras: ServiceExtras): ServiceStateView {
  const service = serviceOf(state);
  const steps: StepView[] = state.steps.map((s) => ({
    stepId: s.stepId,
    title: service.steps.find((d) => d.id === s.stepId)!.title,
    status: s.status,
    ...(s.presented ? { presented: s.presented } : {}),
    ...(s.values ? { values: s.values } : {}),
    correction: s.status === 'awaiting_customer' ? (s.corrections.at(-1)?.message ?? null) : null,
  }));
  const last = state.steps.at(-1);
  const nextStep = service.steps[state.steps.length];
  const canPush = state.status === 'in_progress' && nextStep && (!last || last.status === 'confirmed');
  const blockers = completionBlockers(service, state, extras.faceCheck);
  const signable = service.requiresSignature && !blockers.includes('steps_unconfirmed');
  const summary = signable ? signingSummary(state) : null;
  return {
    callId: state.callId,
    serviceId: state.serviceId,
    status: state.status,
    steps,
    nextStepId: canPush ? nextStep.id : null,
    requiresSignature: service.requiresSignature,
    signatureRequested: extras.signatureRequested,
    summary,
    summaryHash: summary ? summaryHash(summary) : null,
    signature: extras.signature
      ? {
          summaryHash: extras.signature.summaryHash,
          imageSha256: extras.signature.imageSha256,
          capturedAt: extras.signature.capturedAt,
          png: pngDataUrl(extras.signature.png),
        }
      : null,
    blockers: state.status === 'in_progress' ? blockers : [],
    faceCheck: extras.faceCheck?.passed ? 'passed' : extras.faceCheckFailed ? 'failed' : null,
    recordUrl: extras.recordUrl,
    rated: extras.rated,
  };
}
