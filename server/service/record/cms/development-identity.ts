import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

const { pki } = forge;
const YEAR_MS = 365 * 24 * 3_600_000;

export interface DevelopmentIdentityPems {
  caCertPem: string;
  signerCertPem: string;
  signerKeyPem: string;
}

function keyPair(): {
  privateKey: KeyObject;
  forgePublic: forge.pki.PublicKey;
  forgePrivate: forge.pki.rsa.PrivateKey;
} {
  // Node's generator is native and fast; forge only builds and signs the certificates.
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    forgePublic: pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
    forgePrivate: pki.privateKeyFromPem(
      privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    ) as forge.pki.rsa.PrivateKey,
  };
}

function certificate(
  subjectCn: string,
  publicKey: forge.pki.PublicKey,
  issuer: forge.pki.CertificateField[],
  extensions: object[],
  now: number,
): forge.pki.Certificate {
  const cert = pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial of 16 random bytes (the top bit cleared).
  cert.serialNumber = '01' + randomBytes(15).toString('hex');
  cert.validity.notBefore = new Date(now - 3_600_000);
  cert.validity.notAfter = new Date(now + 10 * YEAR_MS);
  cert.setSubject([
    { name: 'commonName', value: subjectCn },
    { name: 'organizationName', value: 'Skyteller Development' },
    { name: 'countryName', value: 'CN' },
  ]);
  cert.setIssuer(issuer);
  cert.setExtensions(extensions);
  return cert;
}

/**
 * A development CA and a document-signing certificate it issued. Readers show
 * the signature as intact but the signer as untrusted: production configures
 * the institution's own certificate.
 */
export function createDevelopmentIdentity(now = Date.now()): DevelopmentIdentityPems {
  const ca = keyPair();
  const caCert = certificate(
    'Skyteller Development CA',
    ca.forgePublic,
    [],
    [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ],
    now,
  );
  caCert.setIssuer(caCert.subject.attributes);
  caCert.sign(ca.forgePrivate, forge.md.sha256.create());

  const signer = keyPair();
  const signerCert = certificate(
    'Skyteller Development Record Signing',
    signer.forgePublic,
    caCert.subject.attributes,
    [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ],
    now,
  );
  signerCert.sign(ca.forgePrivate, forge.md.sha256.create());

  return {
    caCertPem: pki.certificateToPem(caCert),
    signerCertPem: pki.certificateToPem(signerCert),
    signerKeyPem: signer.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
