import { signatureDurationMs, signatureProblem } from '../../../shared/domain/signature-strokes.js';
import { completionBlockers } from './completion-gate.js';
import { refuse, type HandlerResult } from './flow-refusal.js';
import type { FlowCommand, FlowMessage, ServiceFlowState } from './flow-types.js';
import { signingSummary, summaryHash } from './signing-summary.js';
import { serviceOf } from './step-commands.js';

type CommandOf<T extends FlowCommand['type']> = Extract<FlowCommand, { type: T }>;

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function captureSignature(
  state: ServiceFlowState,
  message: FlowMessage,
  command: CommandOf<'capture_signature'>,
): HandlerResult {
  const service = serviceOf(state);
  if (!service.requiresSignature)
    return refuse('invalid_state', 'signature_not_required', 'no signature needed');
  if (state.signature)
    return refuse('invalid_state', 'signature_already_captured', 'the signature is captured');
  if (completionBlockers(service, state, { checkId: '', passed: true }).includes('steps_unconfirmed')) {
    return refuse('invalid_state', 'steps_unconfirmed', 'every step is confirmed before signing');
  }
  const hash = summaryHash(signingSummary(state));
  // The customer signs what they were shown; a different hash means the summary changed since.
  if (command.summaryHash !== hash)
    return refuse('signature_rejected', 'summary_mismatch', 'the summary changed');
  if (!SHA256_HEX.test(command.imageSha256))
    return refuse('signature_rejected', 'image_hash_invalid', 'bad image hash');
  const problem = signatureProblem(command.strokes);
  if (problem) return refuse('signature_rejected', problem, 'the drawing is not a signature');
  const signature = {
    summaryHash: hash,
    imageSha256: command.imageSha256,
    pointCount: command.strokes.flat().length,
    durationMs: signatureDurationMs(command.strokes),
    capturedAt: message.at,
  };
  return {
    ok: true,
    state: { ...state, signature },
    events: [
      {
        type: 'signature_captured',
        actor: message.actor,
        at: message.at,
        data: signature,
      },
    ],
    reply: { status: state.status },
  };
}

export function complete(
  state: ServiceFlowState,
  message: FlowMessage,
  command: CommandOf<'complete'>,
): HandlerResult {
  const blockers = completionBlockers(serviceOf(state), state, command.faceCheck);
  if (blockers.length > 0) {
    const issues = blockers.map((code) => ({ path: '', code, message: code.replace(/_/g, ' ') }));
    return {
      ok: false,
      error: { code: 'completion_refused', message: 'the service cannot complete yet', issues },
    };
  }
  const completed = {
    ...state,
    status: 'completed' as const,
    completedAt: message.at,
    ...(command.faceCheck ? { faceCheck: command.faceCheck } : {}),
  };
  return {
    ok: true,
    state: completed,
    events: [
      {
        type: 'completed',
        actor: message.actor,
        at: message.at,
        data: { serviceId: state.serviceId, ...(command.faceCheck ? { faceCheck: command.faceCheck } : {}) },
      },
    ],
    reply: { status: 'completed' },
  };
}
