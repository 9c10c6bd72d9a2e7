import type { ServiceId } from '../../../shared/catalog/services.js';
import { canonicalJson, type JsonValue } from '../../../shared/domain/canonical-json.js';
import { refuse, type HandlerResult } from './flow-refusal.js';
import type {
  FlowActor,
  FlowCommand,
  FlowContext,
  FlowMessage,
  FlowOutcome,
  ServiceFlowState,
} from './flow-types.js';
import { captureSignature, complete } from './final-commands.js';
import { confirmStep, pushStep, requestCorrection, submitStep, withdraw } from './step-commands.js';

/** Who may send each command. */
const SENDER: Record<FlowCommand['type'], FlowActor['role']> = {
  push_step: 'teller',
  confirm_step: 'teller',
  request_correction: 'teller',
  complete: 'teller',
  submit_step: 'customer',
  withdraw: 'customer',
  capture_signature: 'customer',
};

export function startServiceFlow(callId: string, serviceId: ServiceId): ServiceFlowState {
  return { callId, serviceId, status: 'in_progress', steps: [], handled: {} };
}

function handle(state: ServiceFlowState, message: FlowMessage, context: FlowContext): HandlerResult {
  const { command } = message;
  if (message.actor.role !== SENDER[command.type]) {
    return refuse('forbidden', 'wrong_sender', `${command.type} is sent by the ${SENDER[command.type]}`);
  }
  if (state.status !== 'in_progress')
    return refuse('invalid_state', `service_${state.status}`, 'the service has ended');
  switch (command.type) {
    case 'push_step':
      return pushStep(state, message, command, context);
    case 'submit_step':
      return submitStep(state, message, command, context);
    case 'confirm_step':
      return confirmStep(state, message, command);
    case 'request_correction':
      return requestCorrection(state, message, command);
    case 'withdraw':
      return withdraw(state, message, command);
    case 'capture_signature':
      return captureSignature(state, message, command);
    case 'complete':
      return complete(state, message, command);
  }
}

/** The message minus its time: a retry is the same message sent again later. */
function fingerprintOf(message: FlowMessage): string {
  return canonicalJson({ actor: message.actor, command: message.command } as unknown as JsonValue);
}

/**
 * Applies one message to a call's service. Pure and deterministic: the same
 * state and message give the same outcome. A message whose id was already
 * accepted returns the reply it got then, with no events and no change. A
 * refused message changes nothing and is not remembered, so a fixed retry may
 * reuse its id.
 */
export function applyFlowMessage(
  state: ServiceFlowState,
  message: FlowMessage,
  context: FlowContext,
): FlowOutcome {
  const fingerprint = fingerprintOf(message);
  const earlier = state.handled[message.messageId];
  if (earlier) {
    if (earlier.fingerprint !== fingerprint) {
      return refuse(
        'conflict',
        'message_id_reused',
        'this message id was used for another message',
      ) as FlowOutcome;
    }
    return { ok: true, state, events: [], reply: earlier.reply, replayed: true };
  }
  const result = handle(state, message, context);
  if (!result.ok) return result;
  const handled = remembered({
    ...result.state.handled,
    [message.messageId]: { fingerprint, reply: result.reply },
  });
  return { ...result, state: { ...result.state, handled }, replayed: false };
}

/**
 * How many accepted message ids a flow keeps. A retry comes within seconds of
 * its message; keeping every id would let the stored state grow with each one.
 */
export const MAX_REMEMBERED_MESSAGES = 200;

/** The latest MAX_REMEMBERED_MESSAGES of `handled`, in the order they were accepted. */
function remembered(handled: ServiceFlowState['handled']): ServiceFlowState['handled'] {
  const ids = Object.keys(handled);
  if (ids.length <= MAX_REMEMBERED_MESSAGES) return handled;
  return Object.fromEntries(ids.slice(-MAX_REMEMBERED_MESSAGES).map((id) => [id, handled[id]!]));
}
