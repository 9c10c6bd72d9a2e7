import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { createDevelopmentIdentity } from '../../server/service/record/cms/development-identity.js';
import { ensureSelfSignedCertificate } from '../../server/platform/tls/self-signed.js';

/**
 * What a production start needs, made in `dataDir`: the session and audit key
 * files (0600), a TLS certificate and key (at dataDir/tls, where the test
 * clients read the certificate they trust) and a signing P12. Returns the
 * variables naming them, with SKYTELLER_ENV=production and no demo password.
 */
export function productionEnv(dataDir: string): Record<string, string> {
  // Beside the data folder, never in it: production refuses keys a copy of the data would hold.
  const secrets = `${dataDir}-secrets`;
  fs.mkdirSync(secrets, { recursive: true, mode: 0o700 });
  const keyFile = (name: string) => {
    const file = path.join(secrets, name);
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
    return file;
  };
  ensureSelfSignedCertificate(path.join(dataDir, 'tls'), ['127.0.0.1']);
  const identity = createDevelopmentIdentity();
  const p12 = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(identity.signerKeyPem),
    [identity.signerCertPem, identity.caCertPem].map((pem) => forge.pki.certificateFromPem(pem)),
    'p12 secret',
    { algorithm: '3des' },
  );
  const p12File = path.join(secrets, 'records.p12');
  fs.writeFileSync(p12File, Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'), { mode: 0o600 });
  return {
    SKYTELLER_ENV: 'production',
    SKYTELLER_DEMO_PASSWORD: '',
    SKYTELLER_SESSION_KEY_FILE: keyFile('session.key'),
    SKYTELLER_AUDIT_KEY_FILE: keyFile('audit.key'),
    // Production anchors the audit chain somewhere outside the database: a file here.
    SKYTELLER_AUDIT_ANCHOR_FILE: path.join(secrets, 'audit-anchors.jsonl'),
    SKYTELLER_TLS_CERT: path.join(dataDir, 'tls', 'server.crt'),
    SKYTELLER_TLS_KEY: path.join(dataDir, 'tls', 'server.key'),
    SKYTELLER_SIGNING_P12: p12File,
    SKYTELLER_SIGNING_P12_PASSWORD: 'p12 secret',
  };
}
