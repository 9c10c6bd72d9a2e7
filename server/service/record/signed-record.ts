import type { SigningIdentity } from './cms/signing-identity.js';
import { requestTimestamp } from './cms/timestamp-client.js';
import { buildRecordDocument } from './record-document.js';
import type { ServiceRecordInput } from './record-input.js';
import { signRecord } from './record-signer.js';

export interface RecordSigningSetup {
  identity: SigningIdentity;
  /** An RFC 3161 TSA: the signature gets a timestamp (PAdES B-T). */
  tsaUrl?: string;
}

/** The finished record: the whole document built first, then signed once. */
export async function createSignedRecord(
  input: ServiceRecordInput,
  setup: RecordSigningSetup,
): Promise<Uint8Array> {
  const doc = await buildRecordDocument(input);
  const tsaUrl = setup.tsaUrl;
  return signRecord(doc, {
    identity: setup.identity,
    signedAt: new Date(input.endedAt),
    ...(tsaUrl ? { timestamp: (imprint: Buffer) => requestTimestamp(tsaUrl, imprint) } : {}),
  });
}
