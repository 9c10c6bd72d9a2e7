import type { FieldDefinition } from '../../shared/catalog/fields.js';
import { findService } from '../../shared/catalog/services.js';
import type { ServiceStateView } from '../../shared/contracts/service-events.js';
import { canonicalJson, type JsonValue } from '../../shared/domain/canonical-json.js';
import { setText } from '../common/i18n.js';
import { labelIn, setLabelText } from '../common/label-text.js';

function printable(field: FieldDefinition | undefined, value: unknown): string {
  if (value && typeof value === 'object') {
    const doc = value as { fileName?: string; documentId?: string };
    return doc.fileName ?? doc.documentId ?? '';
  }
  if (field?.type === 'choice') {
    const option = field.options.find((o) => o.value === value);
    if (option) return labelIn(option.label);
  }
  if (field?.type === 'acknowledgement') return value === true ? '✓' : '✗';
  return String(value);
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * What the customer signs, step by step, with its SHA-256. The page hashes the
 * summary itself too: the fingerprint shown is the one of what is on screen.
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
      dd.textContent = printable(field, value);
      list.append(dt, dd);
    }
    box.append(title, list);
  }
  const caption = document.createElement('p');
  setText(caption, 'service.summaryHash');
  const hash = document.createElement('code');
  hash.className = 'summary-hash';
  hash.dataset.testid = 'summary-hash';
  hash.textContent = view.summaryHash ?? '';
  void sha256Hex(canonicalJson(view.summary as JsonValue)).then((own) => {
    hash.dataset.verified = String(own === view.summaryHash);
  });
  box.append(caption, hash);
  return box;
}
