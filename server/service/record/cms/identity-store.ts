import { createPrivateKey, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { createDevelopmentIdentity } from './development-identity.js';
import type { SigningIdentity } from './signing-identity.js';

export interface SigningKeyConfig {
  /** The data directory; the development identity lives in its signing/ folder. */
  dataDir: string;
  /** Production: a PKCS#12 file with the institution's key and chain. */
  p12File?: string;
  p12Password?: string;
}

const pemToDer = (pem: string): Buffer => new X509Certificate(pem).raw;

/** Reads the key and chain from a PKCS#12 file; the signer's certificate is the one matching the key. */
export function identityFromP12(bytes: Buffer, password: string): SigningIdentity {
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(bytes.toString('binary')), password);
  const bagsOf = (type: string) => p12.getBags({ bagType: type })[type] ?? [];
  const keyBag = [...bagsOf(forge.pki.oids.pkcs8ShroudedKeyBag!), ...bagsOf(forge.pki.oids.keyBag!)][0];
  if (!keyBag?.key) throw new Error('the PKCS#12 file holds no private key');
  const privateKey = createPrivateKey(forge.pki.privateKeyToPem(keyBag.key));
  const certs = bagsOf(forge.pki.oids.certBag!).flatMap((bag) => (bag.cert ? [bag.cert] : []));
  const ders = certs.map((c) =>
    Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(c)).getBytes(), 'binary'),
  );
  const signerIndex = ders.findIndex((der) => new X509Certificate(der).checkPrivateKey(privateKey));
  if (signerIndex < 0) throw new Error('no certificate in the PKCS#12 file matches its private key');
  return { privateKey, chain: [ders[signerIndex]!, ...ders.filter((_, i) => i !== signerIndex)] };
}

/**
 * The signing identity: the configured PKCS#12, or a development CA and signer
 * generated into <dataDir>/signing on first use and reused after.
 */
export function loadSigningIdentity(config: SigningKeyConfig): SigningIdentity {
  if (config.p12File) return identityFromP12(fs.readFileSync(config.p12File), config.p12Password ?? '');
  const dir = path.join(config.dataDir, 'signing');
  const files = {
    caCertPem: path.join(dir, 'development-ca.pem'),
    signerCertPem: path.join(dir, 'record-signer.pem'),
    signerKeyPem: path.join(dir, 'record-signer.key.pem'),
  };
  if (!fs.existsSync(files.signerKeyPem)) {
    const created = createDevelopmentIdentity();
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    // The key is written last: its presence means the set is complete.
    fs.writeFileSync(files.caCertPem, created.caCertPem);
    fs.writeFileSync(files.signerCertPem, created.signerCertPem);
    fs.writeFileSync(files.signerKeyPem, created.signerKeyPem, { mode: 0o600 });
  }
  const read = (file: string) => fs.readFileSync(file, 'utf8');
  return {
    privateKey: createPrivateKey(read(files.signerKeyPem)),
    chain: [pemToDer(read(files.signerCertPem)), pemToDer(read(files.caCertPem))],
  };
}
