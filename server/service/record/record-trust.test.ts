import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSigningIdentity } from './cms/identity-store.js';
import { chainToAnchor } from './cms/trust-path.js';
import { tempDir, writeTemp } from './record-test-kit.js';
import { RecordTrust } from './record-trust.js';
import { verifyRecord } from './record-verifier.js';
import { sampleRecordInput } from './sample-record.js';
import { createSignedRecord } from './signed-record.js';

let dir: string;
let record: Uint8Array;
let institutionCa: X509Certificate;
let strangerCa: X509Certificate;
let strangerRecord: Uint8Array;
const caOf = (dataDir: string) =>
  new X509Certificate(fs.readFileSync(path.join(dataDir, 'signing', 'development-ca.pem')));

beforeAll(async () => {
  dir = tempDir();
  record = await createSignedRecord(sampleRecordInput(), { identity: loadSigningIdentity({ dataDir: dir }) });
  institutionCa = caOf(dir);
  const stranger = path.join(dir, 'stranger');
  strangerRecord = await createSignedRecord(sampleRecordInput(), {
    identity: loadSigningIdentity({ dataDir: stranger }),
  });
  strangerCa = caOf(stranger);
});

describe('whether a record can be trusted', () => {
  it('is one verdict, trusted and intact, when the signer chains to a trust anchor', () => {
    expect(verifyRecord(record, [strangerCa, institutionCa])).toMatchObject({
      ok: true,
      intact: true,
      trusted: true,
      trust: { anchor: expect.stringMatching(/Skyteller Development CA/) },
      valid: true,
    });
  });

  it('is not trusted when signed by a key outside the anchors, or with no anchors at all', () => {
    expect(verifyRecord(strangerRecord, [institutionCa])).toMatchObject({
      ok: false,
      intact: true,
      trusted: false,
      trust: { problem: 'untrusted_signer' },
    });
    expect(verifyRecord(record)).toMatchObject({
      ok: false,
      trusted: false,
      trust: { problem: 'no_trust_anchors' },
    });
  });

  it('is not ok when a trusted signer’s record was changed', () => {
    const grown = Buffer.concat([Buffer.from(record), Buffer.from('\n%%EOF\n')]);
    expect(verifyRecord(grown, [institutionCa])).toMatchObject({ ok: false, intact: false, trusted: true });
  });

  it('judges the chain at the signing time: a certificate out of date is not trusted', () => {
    const signer = new X509Certificate(fs.readFileSync(path.join(dir, 'signing', 'record-signer.pem')));
    expect(chainToAnchor(signer, [], [institutionCa], new Date())).toMatchObject({ trusted: true });
    expect(chainToAnchor(signer, [], [institutionCa], new Date(Date.now() + 20 * 365 * 86_400_000))).toEqual({
      trusted: false,
      problem: 'certificate_expired',
    });
  });

  it('gives the same verdict from a worker thread, and a stable code for what is no PDF', async () => {
    const trust = new RecordTrust([institutionCa.toString()]);
    expect(await trust.verify(record)).toMatchObject({ ok: true, trusted: true });
    expect(await trust.verify(strangerRecord)).toMatchObject({ ok: false, trusted: false });
    await expect(trust.verify(Buffer.from('hello'))).rejects.toMatchObject({ code: 'record_unreadable' });
  });
});

describe('npm run record -- verify', () => {
  const cli = (file: string, env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'server/service/record/record-cli.ts', 'verify', file], {
      encoding: 'utf8',
      env: { ...process.env, SKYTELLER_DATA_DIR: dir, ...env },
    });

  it('exits 0 only when the signer chains to SKYTELLER_TRUST_ANCHORS; production never trusts the development CA', () => {
    const file = writeTemp(dir, 'record.pdf', record);
    const production = cli(file, { SKYTELLER_ENV: 'production' });
    expect(production.status).toBe(1);
    expect(JSON.parse(production.stdout)).toMatchObject({ ok: false, intact: true, trusted: false });
    const anchored = cli(file, {
      SKYTELLER_ENV: 'production',
      SKYTELLER_TRUST_ANCHORS: path.join(dir, 'signing', 'development-ca.pem'),
    });
    expect(anchored.status).toBe(0);
    expect(JSON.parse(anchored.stdout)).toMatchObject({ ok: true, trusted: true });
  }, 120_000);
});
