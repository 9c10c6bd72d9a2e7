import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCertificatePem } from './pem-file.js';

describe('a configured certificate file', () => {
  it('stops the start naming its variable when it is missing or holds no certificate', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-pem-'));
    const notPem = path.join(dir, 'key.txt');
    fs.writeFileSync(notPem, 'just some text');
    expect(() => readCertificatePem(path.join(dir, 'missing.pem'), 'SKYTELLER_TSA_CERT')).toThrow(
      /SKYTELLER_TSA_CERT: cannot read/,
    );
    expect(() => readCertificatePem(notPem, 'SKYTELLER_TRUST_ANCHORS')).toThrow(
      /SKYTELLER_TRUST_ANCHORS: .* holds no PEM certificate/,
    );
    const pem = path.join(dir, 'ca.pem');
    fs.writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    expect(readCertificatePem(pem, 'SKYTELLER_TSA_CERT')).toContain('BEGIN CERTIFICATE');
  });
});
