import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../platform/config.js';
import { readCertificatePem } from '../../platform/pem-file.js';

/**
 * The CAs (PEM texts) a record's signer must chain to for the record to be
 * trusted: SKYTELLER_TRUST_ANCHORS, and outside production the development
 * CA this server generated. Production never trusts the development CA.
 */
export function trustAnchorPems(config: Pick<Config, 'env' | 'dataDir' | 'trustAnchorFiles'>): string[] {
  const pems = config.trustAnchorFiles.map((file) => readCertificatePem(file, 'SKYTELLER_TRUST_ANCHORS'));
  const developmentCa = path.join(config.dataDir, 'signing', 'development-ca.pem');
  if (config.env !== 'production' && fs.existsSync(developmentCa)) {
    pems.push(fs.readFileSync(developmentCa, 'utf8'));
  }
  return pems;
}
