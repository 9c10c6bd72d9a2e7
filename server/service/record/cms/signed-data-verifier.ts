import { createHash, verify, X509Certificate } from 'node:crypto';
import { bytesOf, children, OID, oidOf, set, toDer, type Asn1 } from './asn1.js';
import { certificateFields } from './certificate-fields.js';
import type { CmsProblem } from '../../../../shared/contracts/record-verification.js';

export interface SignedDataCheck {
  problems: CmsProblem[];
  certificate?: X509Certificate;
  /** Every certificate the SignedData carries (the signer's chain, as the signer sent it). */
  certificates: X509Certificate[];
  /** The SignerInfo's signature value: what a timestamp's imprint covers. */
  signatureValue?: Buffer;
  attributes: Map<string, Asn1>;
  unsignedAttributes: Map<string, Asn1>;
  /** For encapsulated content (a timestamp token): the content itself. */
  content?: Buffer;
}

const CONTEXT = 0x80;

function attributesOf(node: Asn1 | undefined): Map<string, Asn1> {
  const map = new Map<string, Asn1>();
  for (const attr of node ? children(node) : [])
    map.set(oidOf(children(attr)[0]!), children(children(attr)[1]!)[0]!);
  return map;
}

const sameDer = (a: Asn1, b: Asn1) => toDer(a).equals(toDer(b));

/**
 * Checks one CMS SignedData (RFC 5652) with a single signer: the digest the
 * signed attributes claim against `detachedSha256` (or the encapsulated
 * content), the signature over the attributes, and the ESS certificate hash.
 */
export function checkSignedData(contentInfo: Asn1, detachedSha256?: Buffer): SignedDataCheck {
  const empty = { attributes: new Map(), unsignedAttributes: new Map(), certificates: [] };
  if (oidOf(children(contentInfo)[0]!) !== OID.signedData) return { problems: ['cms_unreadable'], ...empty };
  const signedData = children(children(contentInfo)[1]!)[0]!;
  const parts = children(signedData);
  const encapsulated = children(parts[2]!);
  const content = encapsulated[1] ? bytesOf(children(encapsulated[1])[0]!) : undefined;
  const certificates = parts.find((p) => p.tagClass === CONTEXT && p.type === 0);
  const signerInfo = children(parts.at(-1)!)[0];
  if (!signerInfo) return { problems: ['cms_unreadable'], ...empty };
  const [, sid, digestAlgorithm, signedAttrs, , signature, unsigned] = children(signerInfo);
  const attributes = attributesOf(signedAttrs);
  const certificateDers = (certificates ? children(certificates) : []).map((c) => toDer(c));
  const result: SignedDataCheck = {
    problems: [],
    attributes,
    unsignedAttributes: attributesOf(unsigned),
    certificates: certificateDers.map((der) => new X509Certificate(der)),
    signatureValue: bytesOf(signature!),
    ...(content ? { content } : {}),
  };
  if (oidOf(children(digestAlgorithm!)[0]!) !== OID.sha256)
    return { ...result, problems: ['unsupported_digest'] };

  const [issuer, serial] = children(sid!);
  const certDer = certificateDers.find((der) => {
    const fields = certificateFields(der);
    return sameDer(fields.issuer, issuer!) && sameDer(fields.serialNumber, serial!);
  });
  if (!certDer) return { ...result, problems: ['signer_certificate_missing'] };
  const certificate = new X509Certificate(certDer);
  result.certificate = certificate;

  const expectedDigest = content ? createHash('sha256').update(content).digest() : detachedSha256;
  const claimedDigest = attributes.get(OID.messageDigest);
  if (!claimedDigest || !expectedDigest || !bytesOf(claimedDigest).equals(expectedDigest)) {
    result.problems.push('message_digest_mismatch');
  }
  // The signature covers the attributes encoded as a SET, not under their [0] tag.
  const signedBytes = toDer(set(...children(signedAttrs!)));
  if (!verify('sha256', signedBytes, certificate.publicKey, result.signatureValue!)) {
    result.problems.push('signature_invalid');
  }
  const essCertificate = attributes.get(OID.signingCertificateV2);
  if (essCertificate) {
    const firstCertId = children(children(essCertificate)[0]!)[0]!;
    const hashIndex = children(firstCertId)[0]!.type === 4 ? 0 : 1;
    if (!bytesOf(children(firstCertId)[hashIndex]!).equals(certificateFields(certDer).sha256)) {
      result.problems.push('signing_certificate_mismatch');
    }
  }
  return result;
}
