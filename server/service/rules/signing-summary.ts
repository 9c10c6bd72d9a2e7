import { createHash } from 'node:crypto';
import type { Label } from '../../../shared/catalog/fields.js';
import { canonicalJson, type JsonValue } from '../../../shared/domain/canonical-json.js';
import type { ServiceFlowState } from './flow-types.js';
import { serviceOf } from './step-commands.js';

/** What the customer signs: the service and every confirmed value, nothing else. */
export interface SigningSummary {
  callId: string;
  serviceId: string;
  serviceName: Label;
  steps: {
    stepId: string;
    title: Label;
    presented?: Record<string, JsonValue>;
    values: Record<string, JsonValue>;
  }[];
}

export function signingSummary(state: ServiceFlowState): SigningSummary {
  const service = serviceOf(state);
  return {
    callId: state.callId,
    serviceId: service.id,
    serviceName: service.names,
    steps: state.steps.map((step) => ({
      stepId: step.stepId,
      title: service.steps.find((s) => s.id === step.stepId)!.title,
      ...(step.presented ? { presented: step.presented as Record<string, JsonValue> } : {}),
      values: (step.values ?? {}) as Record<string, JsonValue>,
    })),
  };
}

/** SHA-256 (hex) of the summary's canonical JSON: the same in the browser and here. */
export function summaryHash(summary: SigningSummary): string {
  return createHash('sha256')
    .update(canonicalJson(summary as unknown as JsonValue))
    .digest('hex');
}
