import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSigningIdentity } from './cms/identity-store.js';
import type { SigningIdentity } from './cms/signing-identity.js';
import { pdfsig, pdftotext, qpdfCheck, tempDir, writeTemp } from './record-test-kit.js';
import { verifyRecord } from './record-verifier.js';
import { sampleRecordInput } from './sample-record.js';
import { createSignedRecord } from './signed-record.js';

let dir: string;
let identity: SigningIdentity;
let record: Uint8Array;
let file: string;

beforeAll(async () => {
  dir = tempDir();
  identity = loadSigningIdentity({ dataDir: dir });
  record = await createSignedRecord(sampleRecordInput(), { identity });
  file = writeTemp(dir, 'record.pdf', record);
});

/** The signed ByteRange of a record: [0, a, b, c]. */
function byteRangeOf(pdf: Uint8Array): number[] {
  const match = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/.exec(Buffer.from(pdf).toString('latin1'));
  return match!.slice(1).map(Number);
}

describe('the signed service record', () => {
  it('is a well-formed PDF that pdfsig reports valid and wholly signed', () => {
    expect(qpdfCheck(file)).toMatchObject({
      status: 0,
      output: expect.stringMatching(/No syntax or stream encoding errors/),
    });
    const report = pdfsig(file);
    expect(report).toMatch(/Signature Type: ETSI\.CAdES\.detached/);
    expect(report).toMatch(/Total document signed/);
    expect(report).toMatch(/Signature Validation: Signature is Valid\./);
  });

  it('is verified by our verifier as PAdES B-B from the development signer', () => {
    expect(verifyRecord(record)).toMatchObject({
      signed: true,
      valid: true,
      coversWholeDocument: true,
      modifiedAfterSigning: false,
      level: 'PAdES-B-B',
      signer: { subject: expect.stringMatching(/Skyteller Development Record Signing/) },
      problems: [],
    });
  });

  it('shows the Chinese service and customer names and only the last four ID characters', () => {
    const text = pdftotext(file);
    expect(text).toContain('退保 Surrender');
    expect(text).toContain('张三丰');
    expect(text).toContain('**************002X');
    expect(text).not.toContain('11010519491231002X');
    expect(text).toContain('李小红');
    expect(text).toContain('通过 Passed');
    expect(text).toContain('办理过程');
    // Shortened where named, in full in the appendix.
    expect(text).toContain('e3b0e3b0e3b0… A2');
    expect(text).toContain('e3b0'.repeat(16));
    // The face check's reference: who provided it, who uploaded it, its hash (in full in the appendix).
    expect(text).toContain('参考照片来源 Reference source');
    expect(text).toContain('柜员上传 Teller’s upload');
    expect(text).toContain('9c4e1f0b7a2d… A1');
    expect(text).toContain('9c4e1f0b7a2d83e65f1c0a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e');
    // The recording's reference unbroken (auditors search for it), its manifest hash in full.
    expect(text).toContain('2025-03-14/call-20250314-0001/manifest.json');
    expect(text).toContain('9f'.repeat(32));
  });

  it('reads as words: no event codes, no raw reasons, people by name, the face distance to two decimals', () => {
    const text = pdftotext(file);
    expect(text).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
    expect(text).not.toMatch(/\b(service|call|face|transfer)\.[a-z]/);
    expect(text).toContain('通话结束：柜员挂断');
    expect(text).toContain('相似距离 0.32（通过线 0.58）');
    expect(text).not.toContain('0.3244');
    // The passive signals beside the face check, as advisory figures.
    expect(text).toContain('防伪评分 Anti-spoofing');
    expect(text).toContain('活体评分 Liveness');
    expect(text).toMatch(/\b0\.67\b[\s\S]*\b0\.99\b/);
    expect(text).toContain('仅供参考');
    expect(text).toContain('转接完成：李小红转给王大明');
  });

  it('writes the timeline in English for an English record', async () => {
    const english = await createSignedRecord(sampleRecordInput({ language: 'en' }), { identity });
    const text = pdftotext(writeTemp(dir, 'english.pdf', english));
    expect(text).toContain('What happened during the call');
    expect(text).toContain('Call ended: the teller hung up');
    expect(text).toContain('Face check passed, distance 0.32 (pass at or below 0.58)');
    expect(text).not.toContain('办理过程');
  });

  it('stays small thanks to the font subset', () => {
    expect(record.length).toBeLessThan(100 * 1024);
  });

  it('breaks for pdfsig and our verifier when one signed byte changes', () => {
    const [, firstLength] = byteRangeOf(record);
    const tampered = Buffer.from(record);
    // A byte of the page content, well inside the first signed range.
    const at = Math.floor(firstLength! / 2);
    tampered[at] = tampered[at]! ^ 0x01;
    const tamperedFile = writeTemp(dir, 'tampered.pdf', tampered);
    expect(pdfsig(tamperedFile)).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
    expect(verifyRecord(tampered)).toMatchObject({
      valid: false,
      modifiedAfterSigning: true,
      problems: ['message_digest_mismatch'],
    });
  });

  it('reports an incremental update appended after signing as a modification', () => {
    const size = record.length;
    const update = Buffer.from(
      `\n99 0 obj\n<< /Type /Annot /Subtype /Text /Contents (changed) >>\nendobj\nxref\n99 1\n${String(size + 1).padStart(10, '0')} 00000 n \ntrailer\n<< /Size 100 >>\nstartxref\n${size}\n%%EOF\n`,
      'latin1',
    );
    const appended = Buffer.concat([record, update]);
    expect(verifyRecord(appended)).toMatchObject({
      valid: true,
      coversWholeDocument: false,
      modifiedAfterSigning: true,
      problems: ['not_whole_document'],
    });
    expect(pdfsig(writeTemp(dir, 'appended.pdf', appended))).not.toMatch(/Total document signed/);
  });

  it('says an unsigned PDF is not signed and refuses what is no PDF', () => {
    const unsigned = fs
      .readFileSync(file)
      .toString('latin1')
      .replace(/\/ByteRange/g, '/ByteRangX');
    expect(verifyRecord(Buffer.from(unsigned, 'latin1'))).toMatchObject({
      signed: false,
      valid: false,
      problems: ['no_signature'],
    });
    expect(() => verifyRecord(Buffer.from('hello'))).toThrow(/not a PDF/);
  });

  it('labels a customer-provided reference as such, and names what an older check did not store as unknown', async () => {
    const input = sampleRecordInput();
    input.checks = [
      {
        ...input.checks![0]!,
        reference: { source: 'customer', uploadedBy: { 'zh-CN': '客户 张三丰', en: 'Customer 张三丰' } },
      },
    ];
    const text = pdftotext(
      writeTemp(dir, 'customer-reference.pdf', await createSignedRecord(input, { identity })),
    ).replace(/\s+/g, ' ');
    expect(text).toContain('客户自行提供 Customer-provided');
    expect(text).toContain('客户 张三丰 Customer 张三丰');
    // No hash was stored with the check: a dash, and none in the appendix under the reference's name.
    expect(text).not.toContain('人脸核验参考照片');
  });

  it('reuses the development identity it generated', () => {
    const again = loadSigningIdentity({ dataDir: dir });
    expect(again.chain[0]!.equals(identity.chain[0]!)).toBe(true);
    expect(fs.statSync(path.join(dir, 'signing', 'record-signer.key.pem')).mode & 0o077).toBe(0);
  });
});
