import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';

export interface TlsFiles {
  cert: string;
  key: string;
  generated: boolean;
}

/**
 * The development certificate: made once into `dir` and reused after, so
 * browsers that accepted it keep accepting it. Production configures its own.
 */
export function ensureSelfSignedCertificate(dir: string, hostnames: string[]): TlsFiles {
  const certFile = path.join(dir, 'server.crt');
  const keyFile = path.join(dir, 'server.key');
  if (fs.existsSync(certFile) && fs.existsSync(keyFile)) {
    return {
      cert: fs.readFileSync(certFile, 'utf8'),
      key: fs.readFileSync(keyFile, 'utf8'),
      generated: false,
    };
  }
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = '01' + crypto.randomBytes(15).toString('hex');
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3_600_000);
  const subject = [
    { name: 'commonName', value: 'Skyteller development' },
    { name: 'organizationName', value: 'Skyteller' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  const names = [...new Set(['localhost', os.hostname(), '127.0.0.1', '::1', ...hostnames])];
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: names.map((n) => (isIp(n) ? { type: 7, ip: n } : { type: 2, value: n })),
    },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(keyFile, keyPem, { mode: 0o600 });
  fs.writeFileSync(certFile, certPem);
  return { cert: certPem, key: keyPem, generated: true };
}

const isIp = (name: string): boolean => /^[\d.]+$/.test(name) || name.includes(':');
