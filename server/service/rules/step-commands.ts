import { findService, type ServiceDefinition } from '../../../shared/catalog/services.js';
import { validatePresentedValues, validateStepValues } from '../../../shared/catalog/step-schema.js';
import type { FlowCommand, FlowContext, FlowMessage, ServiceFlowState, StepProgress } from './flow-types.js';
import { refuse, refuseFields, type HandlerResult } from './flow-refusal.js';

type CommandOf<T extends FlowCommand['type']> = Extract<FlowCommand, { type: T }>;

export const MAX_CORRECTION_MESSAGE = 500;
/**
 * Caps on what one step may store: each correction and each submission stays
 * in the flow's state and the call's timeline, so a page that loops must not
 * grow them without end. Far above what a real conversation needs.
 */
export const MAX_CORRECTIONS_PER_STEP = 10;
export const MAX_SUBMISSIONS_PER_STEP = 25;

export function serviceOf(state: ServiceFlowState): ServiceDefinition {
  const service = findService(state.serviceId);
  if (!service) throw new Error(`unknown service ${state.serviceId}`);
  return service;
}

function definitionOf(state: ServiceFlowState, stepId: string) {
  return serviceOf(state).steps.find((s) => s.id === stepId);
}

/** The step the call is on: the last one pushed, when it is the one named. */
function currentStep(state: ServiceFlowState, stepId: string): StepProgress | undefined {
  const last = state.steps.at(-1);
  return last?.stepId === stepId ? last : undefined;
}

function withCurrentStep(state: ServiceFlowState, step: StepProgress): ServiceFlowState {
  return { ...state, steps: [...state.steps.slice(0, -1), step] };
}

function accepted(state: ServiceFlowState, step: StepProgress, events: HandlerResultEvents): HandlerResult {
  return {
    ok: true,
    state,
    events,
    reply: { status: state.status, stepId: step.stepId, stepStatus: step.status },
  };
}
type HandlerResultEvents = Extract<HandlerResult, { ok: true }>['events'];

export function pushStep(
  state: ServiceFlowState,
  message: FlowMessage,
  command: CommandOf<'push_step'>,
  context: FlowContext,
): HandlerResult {
  const steps = serviceOf(state).steps;
  const next = steps[state.steps.length];
  if (!next) return refuse('invalid_state', 'no_more_steps', 'every step of the service has been pushed');
  if (next.id !== command.stepId) {
    return refuse(
      'invalid_state',
      'step_out_of_order',
      `the next step is ${next.id}; steps cannot be skipped`,
    );
  }
  const previous = state.steps.at(-1);
  if (previous && previous.status !== 'confirmed') {
    return refuse(
      'invalid_state',
      'previous_step_unconfirmed',
      `step ${previous.stepId} is not confirmed yet`,
    );
  }
  const presented = validatePresentedValues(next, command.presented, context);
  if (!presented.ok) return refuseFields('what the step presents is invalid', presented.issues);
  const step: StepProgress = {
    stepId: next.id,
    status: 'awaiting_customer',
    pushedAt: message.at,
    pushedBy: message.actor.id,
    ...(next.presentedFields ? { presented: presented.values } : {}),
    corrections: [],
  };
  const data = {
    stepId: next.id,
    index: state.steps.length,
    ...(step.presented ? { presented: step.presented } : {}),
  };
  return accepted({ ...state, steps: [...state.steps, step] }, step, [
    { type: 'step_pushed', actor: message.actor, at: message.at, data },
  ]);
}

function openStep(state: ServiceFlowState, stepId: string): StepProgress | HandlerResult {
  const step = currentStep(state, stepId);
  if (!step) return refuse('invalid_state', 'step_not_current', `step ${stepId} is not the current step`);
  if (step.status === 'confirmed')
    return refuse('invalid_state', 'step_confirmed', `step ${stepId} is confirmed`);
  return step;
}

const isRefusal = (value: StepProgress | HandlerResult): value is HandlerResult => 'ok' in value;

export function withdraw(
  state: ServiceFlowState,
  message: FlowMessage,
  command: CommandOf<'withdraw'>,
): HandlerResult {
  const step = openStep(state, command.stepId);
  if (isRefusal(step)) return step;
  const field = definitionOf(state, step.stepId)?.withdrawField;
  if (!field) return refuse('invalid_state', 'not_withdrawable', `step ${step.stepId} offers no withdrawal`);
  const done: StepProgress = {
    ...step,
    status: 'submitted',
    values: { [field]: 'withdraw' },
    submittedAt: message.at,
  };
  return accepted({ ...withCurrentStep(state, done), status: 'withdrawn' }, done, [
    { type: 'withdrawn', actor: message.actor, at: message.at, data: { stepId: step.stepId } },
  ]);
}

export function submitStep(
  state: ServiceFlowState,
  message: FlowMessage,
  command: CommandOf<'submit_step'>,
  context: FlowContext,
): HandlerResult {
  const step = openStep(state, command.stepId);
  if (isRefusal(step)) return step;
  const submissions = step.submissions ?? (step.values ? 1 : 0);
  if (submissions >= MAX_SUBMISSIONS_PER_STEP) {
    return refuse('invalid_state', 'too_many_submissions', `step ${step.stepId} was submitted too often`);
  }
  const definition = definitionOf(state, step.stepId)!;
  const validation = validateStepValues(definition, command.values, context);
  if (!validation.ok) return refuseFields('some fields are invalid', validation.issues);
  const withdrawField = definition.withdrawField;
  if (withdrawField && validation.values[withdrawField] === 'withdraw') {
    return withdraw(state, message, { type: 'withdraw', stepId: step.stepId });
  }
  const submitted: StepProgress = {
    ...step,
    status: 'submitted',
    values: validation.values,
    submittedAt: message.at,
    submissions: submissions + 1,
  };
  return accepted(withCurrentStep(state, submitted), submitted, [
    {
      type: 'step_submitted',
      actor: message.actor,
      at: message.at,
      data: { stepId: step.stepId, values: validation.values },
    },
  ]);
}

function submittedStep(state: ServiceFlowState, stepId: string): StepProgress | HandlerResult {
  const step = openStep(state, stepId);
  if (isRefusal(step)) return step;
  if (step.status !== 'submitted')
    return refuse('invalid_state', 'step_not_submitted', `step ${stepId} awaits the customer`);
  return step;
}

export function confirmStep(
  state: ServiceFlowState,
  message: FlowMessage,
  command: CommandOf<'confirm_step'>,
): HandlerResult {
  const step = submittedStep(state, command.stepId);
  if (isRefusal(step)) return step;
  const confirmed: StepProgress = {
    ...step,
    status: 'confirmed',
    confirmedAt: message.at,
    confirmedBy: message.actor.id,
  };
  return accepted(withCurrentStep(state, confirmed), confirmed, [
    { type: 'step_confirmed', actor: message.actor, at: message.at, data: { stepId: step.stepId } },
  ]);
}

export function requestCorrection(
  state: ServiceFlowState,
  message: FlowMessage,
  command: CommandOf<'request_correction'>,
): HandlerResult {
  const text = command.message.trim();
  if (text.length === 0 || text.length > MAX_CORRECTION_MESSAGE) {
    return refuseFields('the correction needs a message', [
      { path: 'message', code: text.length === 0 ? 'required' : 'too_long', message: 'correction message' },
    ]);
  }
  const step = submittedStep(state, command.stepId);
  if (isRefusal(step)) return step;
  if (step.corrections.length >= MAX_CORRECTIONS_PER_STEP) {
    return refuse('invalid_state', 'too_many_corrections', `step ${step.stepId} was corrected too often`);
  }
  const reopened: StepProgress = {
    ...step,
    status: 'awaiting_customer',
    corrections: [...step.corrections, { message: text, at: message.at, by: message.actor.id }],
  };
  return accepted(withCurrentStep(state, reopened), reopened, [
    {
      type: 'step_correction_requested',
      actor: message.actor,
      at: message.at,
      data: { stepId: step.stepId, message: text },
    },
  ]);
}
