import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ServiceFlowState } from './rules/flow-types.js';
import { createSignedRecord, type RecordSigningSetup } from './record/signed-record.js';
import { recordOutcome, serviceRecordInput, type RecordSources } from './service-record-input.js';
import type { RecordOutcome } from './record/record-input.js';

export interface RecordArchiveDeps extends RecordSources {
  /** Where finished records are written (`<data dir>/records`). */
  recordsDir: string;
  /** Loaded on first use: a development identity is generated then. */
  signing: () => RecordSigningSetup;
  clock: () => number;
}

/** Builds and signs an ended service's record, writes it and notes its file and hash. */
export async function archiveServiceRecord(
  deps: RecordArchiveDeps,
  state: ServiceFlowState,
): Promise<{ outcome: RecordOutcome; bytes: number }> {
  const pdf = await createSignedRecord(await serviceRecordInput(deps, state), deps.signing());
  fs.mkdirSync(deps.recordsDir, { recursive: true });
  const file = path.join(deps.recordsDir, `${state.callId}.pdf`);
  fs.writeFileSync(file, pdf);
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const outcome = recordOutcome(state);
  deps.service.saveRecord(state.callId, { outcome, file, sha256, at: deps.clock() });
  return { outcome, bytes: pdf.length };
}
