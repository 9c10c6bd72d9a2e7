/**
 * What the signed record's verifier reports (POST /api/records/verify, the
 * auditor's re-verification, the record CLI): the wire shape, judged on the server.
 */

/** What the CMS signature check found wrong. */
export type CmsProblem =
  | 'cms_unreadable'
  | 'unsupported_digest'
  | 'signer_certificate_missing'
  | 'message_digest_mismatch'
  | 'signature_invalid'
  | 'signing_certificate_mismatch';

export type VerificationProblem =
  | CmsProblem
  | 'no_signature'
  | 'byte_range_invalid'
  | 'timestamp_invalid'
  | 'not_whole_document';

export interface SignerSummary {
  subject: string;
  issuer: string;
  serialNumber: string;
  certificateSha256: string;
  validFrom: string;
  validTo: string;
}

/** Why the signer is not trusted: nothing configured, a signer outside the anchors, or a certificate out of date. */
export type TrustProblem = 'no_trust_anchors' | 'untrusted_signer' | 'certificate_expired' | 'no_signature';

export interface RecordVerification {
  /** The one verdict: `trusted && intact`. Everything below is the detail behind it. */
  ok: boolean;
  /** The signature holds and nothing was changed or added after signing. */
  intact: boolean;
  /** The signer chains to one of the configured trust anchors (the institution's CA). */
  trusted: boolean;
  /** The anchor the signer chains to (its subject), or why it does not. */
  trust: { anchor: string } | { problem: TrustProblem };
  signed: boolean;
  /** The signature is intact and made by the certificate it names, over the bytes its ByteRange names. */
  valid: boolean;
  /** The ByteRange covers the whole file except the signature itself. */
  coversWholeDocument: boolean;
  /** Bytes were changed inside the signed range or added after it. */
  modifiedAfterSigning: boolean;
  level?: 'PAdES-B-B' | 'PAdES-B-T' | 'CMS';
  signer?: SignerSummary;
  /** From the RFC 3161 timestamp, when there is one. */
  signedAt?: string;
  problems: VerificationProblem[];
}
