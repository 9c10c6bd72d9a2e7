/**
 * Operator commands for service records:
 *   npm run record -- verify FILE.pdf   JSON report; exit 0 when trusted and intact (`ok`), 1 otherwise, 2 unreadable
 *     (trusted: the signer chains to SKYTELLER_TRUST_ANCHORS, or outside production to the development CA)
 *   npm run record -- sample OUT.pdf    writes a signed sample record (fixed demo data)
 */
import fs from 'node:fs';
import { loadConfig } from '../../platform/config.js';
import { certificatesFromPem } from './cms/trust-path.js';
import { verifyRecord } from './record-verifier.js';
import { trustAnchorPems } from './trust-anchors.js';
import { sampleRecordInput } from './sample-record.js';
import { createSignedRecord } from './signed-record.js';
import { signingSetupFrom } from './signing-setup.js';

const EXIT = { valid: 0, invalid: 1, unreadable: 2 } as const;

function verify(file: string): number {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
    const report = verifyRecord(
      bytes,
      trustAnchorPems(loadConfig(process.env, process.cwd(), 'tool')).flatMap(certificatesFromPem),
    );
    console.log(JSON.stringify(report, null, 2));
    return report.ok ? EXIT.valid : EXIT.invalid;
  } catch (error) {
    console.log(JSON.stringify({ error: 'record_unreadable', message: (error as Error).message }));
    return EXIT.unreadable;
  }
}

async function sample(out: string): Promise<number> {
  const pdf = await createSignedRecord(sampleRecordInput(), signingSetupFrom(loadConfig()));
  fs.writeFileSync(out, pdf);
  console.log(JSON.stringify({ written: out, bytes: pdf.length }));
  return 0;
}

const [command, file] = process.argv.slice(2);
if ((command !== 'verify' && command !== 'sample') || !file) {
  console.error('usage: npm run record -- verify FILE.pdf | sample OUT.pdf');
  process.exit(EXIT.unreadable);
}
process.exitCode = command === 'verify' ? verify(file) : await sample(file);
