import { findService } from '../../shared/catalog/services.js';
import type { ServiceStateView } from '../../shared/contracts/service-events.js';
import { canonicalJson, type JsonValue } from '../../shared/domain/canonical-json.js';
import { getLocale } from '../common/i18n.js';
import { setLabelText } from '../common/label-text.js';
import { fieldValueText } from '../service/field-value-text.js';

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * What the customer signs, step by step, with units and choices in words. The
 * page hashes the summary itself too and marks whether it matches the hash
 * the server will sign (`data-verified`), so what is on screen is what is signed.
 */
export function signingSummaryElement(view: ServiceStateView): HTMLElement {
  const box = document.createElement('section');
  box.className = 'signing-summary';
  box.dataset.testid = 'signing-summary';
  const steps = findService(view.serviceId)?.steps ?? [];
  for (const step of view.steps) {
    const definition = steps.find((s) => s.id === step.stepId);
    const title = document.createElement('h4');
    if (definition) setLabelText(title, definition.title);
    const list = document.createElement('dl');
    const fields = [...(definition?.presentedFields ?? []), ...(definition?.fields ?? [])];
    for (const [name, value] of Object.entries({ ...step.presented, ...step.values })) {
      const field = fields.find((f) => f.name === name);
      const dt = document.createElement('dt');
      if (field) setLabelText(dt, field.label);
      const dd = document.createElement('dd');
      // A document is named by its file, without the hash the teller checks.
      const doc = typeof value === 'object' && value !== null ? (value as { fileName?: string }) : null;
      dd.textContent = doc?.fileName ?? fieldValueText(value, field, getLocale());
      list.append(dt, dd);
    }
    box.append(title, list);
  }
  // The fingerprint is for the record and the tests, not for the customer to read: kept, not shown.
  const proof = document.createElement('div');
  proof.hidden = true;
  const hash = document.createElement('code');
  hash.className = 'summary-hash';
  hash.dataset.testid = 'summary-hash';
  hash.textContent = view.summaryHash ?? '';
  void sha256Hex(canonicalJson(view.summary as JsonValue)).then((own) => {
    hash.dataset.verified = String(own === view.summaryHash);
  });
  proof.append(hash);
  box.append(proof);
  return box;
}
