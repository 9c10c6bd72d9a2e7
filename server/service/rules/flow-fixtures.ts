import {
  EXAMPLE_RETENTION_PRESENTED,
  EXAMPLE_TODAY,
  EXAMPLE_VALUES,
} from '../../../shared/catalog/example-values.js';
import { findService, type ServiceId } from '../../../shared/catalog/services.js';
import type { SignatureStroke } from '../../../shared/domain/signature-strokes.js';
import type { FlowActor, FlowCommand, FlowMessage, FlowOutcome, ServiceFlowState } from './flow-types.js';
import { applyFlowMessage, startServiceFlow } from './service-flow.js';
import { signingSummary, summaryHash } from './signing-summary.js';

/** Messages and a driver that walk a service with its example values (tests, sample, bench). */
export const TELLER: FlowActor = { role: 'teller', id: 'teller-1' };
export const CUSTOMER: FlowActor = { role: 'customer', id: 'ticket-1' };
export const FLOW_CONTEXT = { today: EXAMPLE_TODAY };

/** A wavy line 300 px wide drawn over 1.2 s: passes the signature checks. */
export const SCRIBBLE: SignatureStroke[] = [
  Array.from({ length: 40 }, (_, i) => ({ x: 20 + i * 7.5, y: 60 + 25 * Math.sin(i / 3), t: 1000 + i * 30 })),
];

export class FlowDriver {
  private sequence = 0;
  private clock = 1_741_900_000_000;
  readonly outcomes: FlowOutcome[] = [];

  constructor(public state: ServiceFlowState) {}

  static start(serviceId: ServiceId, callId = 'call-1'): FlowDriver {
    return new FlowDriver(startServiceFlow(callId, serviceId));
  }

  message(actor: FlowActor, command: FlowCommand): FlowMessage {
    this.sequence += 1;
    this.clock += 1000;
    return { messageId: `m${this.sequence}`, actor, at: this.clock, command };
  }

  /** Applies the message and keeps the new state when accepted. */
  send(message: FlowMessage): FlowOutcome {
    const outcome = applyFlowMessage(this.state, message, FLOW_CONTEXT);
    if (outcome.ok) this.state = outcome.state;
    this.outcomes.push(outcome);
    return outcome;
  }

  do(actor: FlowActor, command: FlowCommand): FlowOutcome {
    return this.send(this.message(actor, command));
  }

  /** Pushes, fills and confirms every step with the example values. */
  walkAllSteps(): this {
    const service = findService(this.state.serviceId)!;
    for (const step of service.steps) {
      const presented = step.presentedFields ? EXAMPLE_RETENTION_PRESENTED : undefined;
      this.expectOk(this.do(TELLER, { type: 'push_step', stepId: step.id, presented }));
      const values = EXAMPLE_VALUES[this.state.serviceId][step.id];
      this.expectOk(this.do(CUSTOMER, { type: 'submit_step', stepId: step.id, values }));
      this.expectOk(this.do(TELLER, { type: 'confirm_step', stepId: step.id }));
    }
    return this;
  }

  sign(strokes: SignatureStroke[] = SCRIBBLE): FlowOutcome {
    const hash = summaryHash(signingSummary(this.state));
    return this.do(CUSTOMER, {
      type: 'capture_signature',
      summaryHash: hash,
      imageSha256: 'cd'.repeat(32),
      strokes,
    });
  }

  private expectOk(outcome: FlowOutcome): void {
    if (!outcome.ok) throw new Error(`refused: ${JSON.stringify(outcome.error)}`);
  }
}
