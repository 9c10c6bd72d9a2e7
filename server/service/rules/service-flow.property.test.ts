import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_RETENTION_PRESENTED, EXAMPLE_VALUES } from '../../../shared/catalog/example-values.js';
import { findService, SERVICE_IDS, type ServiceId } from '../../../shared/catalog/services.js';
import { validateStepValues } from '../../../shared/catalog/step-schema.js';
import { CALL_EVENT_DATA } from '../../../shared/contracts/call-events.js';
import { CUSTOMER, FLOW_CONTEXT, FlowDriver, SCRIBBLE, TELLER } from './flow-fixtures.js';
import type { FlowCommand } from './flow-types.js';
import { applyFlowMessage } from './service-flow.js';
import { signingSummary, summaryHash } from './signing-summary.js';

/** Any command a teller or a customer could send for this service, sensible or not. */
function commandArbitrary(serviceId: ServiceId) {
  const steps = findService(serviceId)!.steps;
  const stepIds = steps.map((s) => s.id);
  const presentedFor = (id: string) =>
    steps.find((s) => s.id === id)?.presentedFields ? EXAMPLE_RETENTION_PRESENTED : undefined;
  const stepId = fc.constantFrom(...stepIds);
  const values = (id: string) =>
    fc.oneof(fc.constant(EXAMPLE_VALUES[serviceId][id]), fc.dictionary(fc.string(), fc.string()));
  return fc.oneof(
    stepId.map((id): FlowCommand => ({ type: 'push_step', stepId: id, presented: presentedFor(id) })),
    stepId.chain((id) =>
      values(id).map((v): FlowCommand => ({ type: 'submit_step', stepId: id, values: v })),
    ),
    stepId.map((id): FlowCommand => ({ type: 'confirm_step', stepId: id })),
    stepId.map((id): FlowCommand => ({ type: 'request_correction', stepId: id, message: '请核对' })),
    stepId.map((id): FlowCommand => ({ type: 'withdraw', stepId: id })),
    fc.constant<FlowCommand>({
      type: 'capture_signature',
      summaryHash: '',
      imageSha256: 'cd'.repeat(32),
      strokes: SCRIBBLE,
    }),
    fc.boolean().map((passed): FlowCommand => ({ type: 'complete', faceCheck: { checkId: 'fc', passed } })),
  );
}

/** Stands for "whatever moves the service on", so that runs get deep into the flow. */
const PROPER = 'proper' as const;
type Move = typeof PROPER | { teller: boolean; command: FlowCommand };

function properMove(flow: FlowDriver): { teller: boolean; command: FlowCommand } {
  const { state } = flow;
  const service = findService(state.serviceId)!;
  const current = state.steps.at(-1);
  const next = service.steps[state.steps.length];
  if (current?.status === 'awaiting_customer') {
    const values = EXAMPLE_VALUES[state.serviceId][current.stepId];
    return { teller: false, command: { type: 'submit_step', stepId: current.stepId, values } };
  }
  if (current?.status === 'submitted')
    return { teller: true, command: { type: 'confirm_step', stepId: current.stepId } };
  if (next) {
    const presented = next.presentedFields ? EXAMPLE_RETENTION_PRESENTED : undefined;
    return { teller: true, command: { type: 'push_step', stepId: next.id, presented } };
  }
  if (service.requiresSignature && !state.signature) {
    return {
      teller: false,
      command: {
        type: 'capture_signature',
        summaryHash: '',
        imageSha256: 'cd'.repeat(32),
        strokes: SCRIBBLE,
      },
    };
  }
  return { teller: true, command: { type: 'complete', faceCheck: { checkId: 'fc', passed: true } } };
}

const scenario = fc.constantFrom(...SERVICE_IDS).chain((serviceId) =>
  fc.record({
    serviceId: fc.constant(serviceId),
    moves: fc.array(
      fc.oneof(
        { weight: 4, arbitrary: fc.constant<Move>(PROPER) },
        { weight: 1, arbitrary: fc.record({ teller: fc.boolean(), command: commandArbitrary(serviceId) }) },
      ),
      { maxLength: 60, size: 'large' },
    ),
  }),
);

/** Runs the moves; a signature carries the current summary's hash, as the customer's page would. */
function run(serviceId: ServiceId, moves: Move[]): FlowDriver {
  const flow = FlowDriver.start(serviceId);
  for (const move of moves) {
    const { teller, command } = move === PROPER ? properMove(flow) : move;
    const signed =
      command.type === 'capture_signature'
        ? { ...command, summaryHash: summaryHash(signingSummary(flow.state)) }
        : command;
    flow.do(teller ? TELLER : CUSTOMER, signed);
  }
  return flow;
}

describe('the service flow, for any sequence of messages', () => {
  it('keeps the pushed steps a prefix of the service, each confirmed before the next', () => {
    fc.assert(
      fc.property(scenario, ({ serviceId, moves }) => {
        const { state } = run(serviceId, moves);
        const order = findService(serviceId)!.steps.map((s) => s.id);
        expect(state.steps.map((s) => s.stepId)).toEqual(order.slice(0, state.steps.length));
        expect(state.steps.slice(0, -1).every((s) => s.status === 'confirmed')).toBe(true);
      }),
    );
  });

  it('stores only values that pass the step rules', () => {
    fc.assert(
      fc.property(scenario, ({ serviceId, moves }) => {
        const { state } = run(serviceId, moves);
        for (const step of state.steps.filter((s) => s.values && state.status !== 'withdrawn')) {
          const definition = findService(serviceId)!.steps.find((d) => d.id === step.stepId)!;
          expect(validateStepValues(definition, step.values, FLOW_CONTEXT)).toMatchObject({ ok: true });
        }
      }),
    );
  });

  it('emits only events the call’s timeline stores, each with its type’s data', () => {
    fc.assert(
      fc.property(scenario, ({ serviceId, moves }) => {
        const events = run(serviceId, moves).outcomes.flatMap((o) => (o.ok ? o.events : []));
        for (const event of events) {
          const parsed = CALL_EVENT_DATA[`service.${event.type}`].safeParse(event.data);
          expect(parsed.error, event.type).toBeUndefined();
        }
      }),
    );
  });

  it('completes only through the gate', () => {
    fc.assert(
      fc.property(scenario, ({ serviceId, moves }) => {
        const { state } = run(serviceId, moves);
        if (state.status !== 'completed') return;
        const service = findService(serviceId)!;
        expect(state.steps.every((s) => s.status === 'confirmed')).toBe(true);
        expect(state.steps).toHaveLength(service.steps.length);
        if (service.requiresSignature) expect(state.signature).toBeDefined();
        if (service.risk === 'high') expect(state.faceCheck?.passed).toBe(true);
      }),
    );
  });

  it('answers every accepted message again, unchanged, when it is retried', () => {
    fc.assert(
      fc.property(scenario, ({ serviceId, moves }) => {
        const flow = run(serviceId, moves);
        const accepted = flow.outcomes.flatMap((o, i) => (o.ok && !o.replayed ? [i] : []));
        for (const index of accepted) {
          const retried = applyFlowMessage(flow.state, { ...flowMessage(flow, index), at: 0 }, FLOW_CONTEXT);
          const first = flow.outcomes[index]!;
          expect(retried).toMatchObject({ ok: true, replayed: true, events: [] });
          expect(retried.ok && retried.state).toBe(flow.state);
          expect(retried.ok && retried.reply).toEqual(first.ok && first.reply);
        }
      }),
    );
  });
});

/** The message the driver sent as its index-th, rebuilt from the stored fingerprint's source. */
function flowMessage(flow: FlowDriver, index: number) {
  const messageId = `m${index + 1}`;
  const handled = flow.state.handled[messageId]!;
  const { actor, command } = JSON.parse(handled.fingerprint) as {
    actor: typeof TELLER;
    command: FlowCommand;
  };
  return { messageId, actor, at: 0, command };
}
