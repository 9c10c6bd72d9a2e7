/**
 * npm run bench:record — builds and signs a service record with 10 steps, a
 * signature and 50 audit events, RUNS times after a warm-up, with the
 * development identity in a temporary folder. Prints JSON (median and p95
 * milliseconds, PDF size) and writes it to bench/results/record.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSigningIdentity } from '../server/service/record/cms/identity-store.js';
import { sampleRecordInput } from '../server/service/record/sample-record.js';
import { createSignedRecord } from '../server/service/record/signed-record.js';
import { verifyRecord } from '../server/service/record/record-verifier.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const WARM_UP = 5;

const percentile = (xs: number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
};

const identity = loadSigningIdentity({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-bench-')) });
const input = sampleRecordInput({ steps: 10, events: 50 });
const times: number[] = [];
let pdf: Uint8Array = new Uint8Array();
for (let i = 0; i < WARM_UP + RUNS; i++) {
  const started = performance.now();
  pdf = await createSignedRecord(input, { identity });
  if (i >= WARM_UP) times.push(performance.now() - started);
}
const verified = verifyRecord(pdf);
const result = {
  runs: RUNS,
  steps: input.steps.length,
  auditEvents: input.events.length,
  medianMs: Number(percentile(times, 50).toFixed(1)),
  p95Ms: Number(percentile(times, 95).toFixed(1)),
  pdfBytes: pdf.length,
  pdfKiB: Number((pdf.length / 1024).toFixed(1)),
  valid: verified.valid && !verified.modifiedAfterSigning,
  targets: { medianMs: 150, pdfKiB: 300 },
  node: process.version,
  cpus: os.cpus().length,
};
console.log(JSON.stringify(result, null, 2));
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync('bench/results/record.json', JSON.stringify(result, null, 2) + '\n');
