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

export interface RecordVerification {
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
