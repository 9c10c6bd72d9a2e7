import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesOf, children, fromDer, integer, OID, oid, seq, toDer } from './cms/asn1.js';
import { assembleSignedData, signAttributes } from './cms/cades-signed-data.js';
import { identityFromP12, loadSigningIdentity } from './cms/identity-store.js';
import type { SigningIdentity } from './cms/signing-identity.js';
import { encodeTimestampRequest, parseTimestampResponse } from './cms/timestamp-client.js';
import { pdfsig, tempDir, writeTemp } from './record-test-kit.js';
import { verifyRecord } from './record-verifier.js';
import { sampleRecordInput } from './sample-record.js';
import { createSignedRecord } from './signed-record.js';

const GEN_TIME = '20250314021500Z';

/** A tiny RFC 3161 authority: answers a TimeStampReq with a token it signs with `identity`. */
function timestampReply(request: Buffer, identity: SigningIdentity): Buffer {
  const [, messageImprint, nonce] = children(fromDer(request));
  const genTime = forge.asn1.create(
    forge.asn1.Class.UNIVERSAL,
    forge.asn1.Type.GENERALIZEDTIME,
    false,
    GEN_TIME,
  );
  const tstInfo = toDer(
    seq(integer(1), oid('1.3.6.1.4.1.99999.1'), messageImprint!, integer(42), genTime, nonce!),
  );
  const content = { kind: 'encapsulated' as const, contentType: OID.tstInfo, content: tstInfo };
  const token = assembleSignedData(content, identity, signAttributes(content, identity));
  return toDer(seq(seq(integer(0)), fromDer(token)));
}

let dir: string;
let identity: SigningIdentity;
let tsa: http.Server;
let tsaUrl: string;

beforeAll(async () => {
  dir = tempDir();
  identity = loadSigningIdentity({ dataDir: dir });
  const tsaIdentity = loadSigningIdentity({ dataDir: `${dir}/tsa` });
  tsa = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (chunk: Buffer) => parts.push(chunk));
    req.on('end', () => {
      res.setHeader('content-type', 'application/timestamp-reply');
      res.end(timestampReply(Buffer.concat(parts), tsaIdentity));
    });
  });
  await new Promise<void>((resolve) => tsa.listen(0, '127.0.0.1', resolve));
  tsaUrl = `http://127.0.0.1:${(tsa.address() as AddressInfo).port}/tsr`;
});

afterAll(() => tsa.close());

describe('RFC 3161 timestamps', () => {
  it('encodes a request with the imprint, the nonce and a certificate request', () => {
    const imprint = Buffer.alloc(32, 7);
    const [version, messageImprint, nonce, certReq] = children(
      fromDer(encodeTimestampRequest(imprint, Buffer.from([0x80, 1]))),
    );
    expect(bytesOf(version!)).toEqual(Buffer.from([1]));
    expect(bytesOf(children(messageImprint!)[1]!)).toEqual(imprint);
    expect(bytesOf(nonce!)).toEqual(Buffer.from([0, 0x80, 1]));
    expect(bytesOf(certReq!)).toEqual(Buffer.from([0xff]));
  });

  it('refuses a reply for another imprint or nonce, and a refusal', () => {
    const imprint = Buffer.alloc(32, 1);
    const nonce = Buffer.from([1, 2, 3]);
    const reply = timestampReply(encodeTimestampRequest(imprint, nonce), identity);
    expect(parseTimestampResponse(reply, imprint, nonce).genTime.toISOString()).toBe(
      '2025-03-14T02:15:00.000Z',
    );
    expect(() => parseTimestampResponse(reply, Buffer.alloc(32, 2), nonce)).toThrow(/another imprint/);
    expect(() => parseTimestampResponse(reply, imprint, Buffer.from([9]))).toThrow(/another nonce/);
    expect(() => parseTimestampResponse(toDer(seq(seq(integer(2)))), imprint, nonce)).toThrow(/refused/);
  });

  it('makes a PAdES B-T record whose time comes from the authority', async () => {
    const record = await createSignedRecord(sampleRecordInput(), { identity, tsaUrl });
    expect(verifyRecord(record)).toMatchObject({
      valid: true,
      modifiedAfterSigning: false,
      level: 'PAdES-B-T',
      signedAt: '2025-03-14T02:15:00.000Z',
    });
    expect(pdfsig(writeTemp(dir, 'timestamped.pdf', record))).toMatch(/Signature is Valid/);
  });
});

describe('signing keys', () => {
  it('signs with the key and chain of a PKCS#12 file', async () => {
    const key = forge.pki.privateKeyFromPem(
      identity.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
    const certs = identity.chain.map((der) =>
      forge.pki.certificateFromAsn1(forge.asn1.fromDer(der.toString('binary'))),
    );
    const p12 = forge.pkcs12.toPkcs12Asn1(key, [...certs].reverse(), 'p12 secret', { algorithm: '3des' });
    const p12File = writeTemp(dir, 'records.p12', Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'));
    const fromP12 = loadSigningIdentity({ dataDir: dir, p12File, p12Password: 'p12 secret' });
    expect(fromP12.chain[0]!.equals(identity.chain[0]!)).toBe(true);
    const record = await createSignedRecord(sampleRecordInput(), { identity: fromP12 });
    expect(verifyRecord(record)).toMatchObject({ valid: true, modifiedAfterSigning: false });
    expect(() => identityFromP12(Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'), 'wrong')).toThrow();
  });
});

describe('npm run record', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'server/service/record/record-cli.ts', ...args], {
      encoding: 'utf8',
      env: { ...process.env, SKYTELLER_DATA_DIR: dir },
    });

  it('writes a sample and exits 0 valid, 1 modified, 2 unreadable', () => {
    const sample = `${dir}/sample.pdf`;
    expect(cli('sample', sample).status).toBe(0);
    const valid = cli('verify', sample);
    expect(valid.status).toBe(0);
    expect(JSON.parse(valid.stdout)).toMatchObject({ valid: true, level: 'PAdES-B-B' });
    const bytes = fs.readFileSync(sample);
    expect(
      cli('verify', writeTemp(dir, 'grown.pdf', Buffer.concat([bytes, Buffer.from('\n%%EOF\n')]))).status,
    ).toBe(1);
    expect(cli('verify', writeTemp(dir, 'note.txt', Buffer.from('not a pdf'))).status).toBe(2);
    // Four node processes that each load tsx: slow on a busy machine.
  }, 120_000);
});
