import { createHash, sign } from 'node:crypto';
import {
  algorithm,
  attribute,
  contextTag,
  derSet,
  integer,
  OID,
  octets,
  oid,
  seq,
  set,
  toDer,
  fromDer,
  type Asn1,
} from './asn1.js';
import { certificateFields, type CertificateFields } from './certificate-fields.js';
import type { SigningIdentity } from './signing-identity.js';

/** What is signed: a digest of detached content, or content carried inside (a timestamp token's TSTInfo). */
export type SignedContent =
  | { kind: 'detached'; sha256: Buffer }
  | { kind: 'encapsulated'; contentType: string; content: Buffer };

/**
 * ESS signing-certificate-v2 (RFC 5035): binds the signature to the signer's
 * certificate by its SHA-256 hash; the hash algorithm is left at its default.
 */
function signingCertificateV2(cert: CertificateFields): Asn1 {
  const issuerSerial = seq(seq(contextTag(4, [cert.issuer])), cert.serialNumber);
  return seq(seq(seq(octets(cert.sha256), issuerSerial)));
}

/**
 * The signed attributes of a PAdES baseline signature: content-type,
 * message-digest and signing-certificate-v2. No signing-time: PAdES takes the
 * time from the dictionary's M entry or, better, from a timestamp.
 */
function signedAttributes(content: SignedContent, cert: CertificateFields): Asn1[] {
  const [contentType, digest] =
    content.kind === 'detached'
      ? [OID.data, content.sha256]
      : [content.contentType, createHash('sha256').update(content.content).digest()];
  return [
    attribute(OID.contentType, oid(contentType)),
    attribute(OID.messageDigest, octets(digest)),
    attribute(OID.signingCertificateV2, signingCertificateV2(cert)),
  ];
}

export interface SignerInfoParts {
  signedAttrs: Asn1[];
  signature: Buffer;
}

/** Signs the DER of the signed attributes as a SET, which is what verifiers hash. */
export function signAttributes(content: SignedContent, identity: SigningIdentity): SignerInfoParts {
  const cert = certificateFields(identity.chain[0]!);
  const signedAttrs = derSet(signedAttributes(content, cert)).value as Asn1[];
  const signature = sign('sha256', toDer(set(...signedAttrs)), identity.privateKey);
  return { signedAttrs, signature };
}

/** The CMS ContentInfo (SignedData) in DER, with optional unsigned attributes (a timestamp). */
export function assembleSignedData(
  content: SignedContent,
  identity: SigningIdentity,
  parts: SignerInfoParts,
  unsignedAttrs: Asn1[] = [],
): Buffer {
  const cert = certificateFields(identity.chain[0]!);
  const signerInfo = seq(
    integer(1),
    seq(cert.issuer, cert.serialNumber),
    algorithm(OID.sha256),
    contextTag(0, parts.signedAttrs),
    algorithm(OID.rsaEncryption),
    octets(parts.signature),
    ...(unsignedAttrs.length > 0 ? [contextTag(1, unsignedAttrs)] : []),
  );
  const encapsulated =
    content.kind === 'detached'
      ? seq(oid(OID.data))
      : seq(oid(content.contentType), contextTag(0, [octets(content.content)]));
  const signedData = seq(
    integer(content.kind === 'detached' ? 1 : 3),
    set(algorithm(OID.sha256)),
    encapsulated,
    contextTag(
      0,
      identity.chain.map((der) => fromDer(der)),
    ),
    set(signerInfo),
  );
  return toDer(seq(oid(OID.signedData), contextTag(0, [signedData])));
}
