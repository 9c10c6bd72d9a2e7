import { createHash } from 'node:crypto';
import { children, fromDer, type Asn1 } from './asn1.js';

/** The parts of an X.509 certificate a CMS signer refers to, as they are encoded in it. */
export interface CertificateFields {
  der: Buffer;
  issuer: Asn1;
  serialNumber: Asn1;
  subject: Asn1;
  sha256: Buffer;
}

export function certificateFields(der: Buffer): CertificateFields {
  const tbs = children(children(fromDer(der))[0]!);
  // tbsCertificate: [0] version (present in v3), serialNumber, signature, issuer, validity, subject, ...
  const offset = tbs[0]!.tagClass === 0x80 ? 1 : 0;
  return {
    der,
    serialNumber: tbs[offset]!,
    issuer: tbs[offset + 2]!,
    subject: tbs[offset + 4]!,
    sha256: createHash('sha256').update(der).digest(),
  };
}
