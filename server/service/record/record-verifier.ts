import { createHash, type X509Certificate } from 'node:crypto';
import { fromDer, OID } from './cms/asn1.js';
import type {
  RecordVerification,
  SignerSummary,
  VerificationProblem,
} from '../../../shared/contracts/record-verification.js';
import { checkSignedData } from './cms/signed-data-verifier.js';
import { checkTimestampToken } from './cms/timestamp-check.js';
import { chainToAnchor } from './cms/trust-path.js';

export class UnreadablePdfError extends Error {
  readonly code = 'record_unreadable';
  constructor(message: string) {
    super(message);
    this.name = 'UnreadablePdfError';
  }
}

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;

function signerSummary(cert: X509Certificate): SignerSummary {
  return {
    subject: cert.subject.replace(/\n/g, ', '),
    issuer: cert.issuer.replace(/\n/g, ', '),
    serialNumber: cert.serialNumber,
    certificateSha256: cert.fingerprint256.replace(/:/g, '').toLowerCase(),
    validFrom: new Date(cert.validFrom).toISOString(),
    validTo: new Date(cert.validTo).toISOString(),
  };
}

/** The timestamp's time, when its token is intact and covers this signature value. */
function timestampTime(token: ReturnType<typeof fromDer>, signatureValue: Buffer): Date | undefined {
  const check = checkTimestampToken(token, createHash('sha256').update(signatureValue).digest());
  return check.ok ? check.genTime : undefined;
}

/** Nothing to judge trust by: no signer is trusted. */
const NOTHING_TRUSTED: readonly X509Certificate[] = [];

/**
 * Verifies the PDF's last signature on our own (node-forge parsing, Node's
 * crypto): integrity of the signed bytes, the CMS signature, whether anything
 * was appended after signing, and whether the signer chains to one of
 * `trustAnchors` (the institution's CA) at the signing time. `ok` is the one
 * verdict, trusted and intact.
 */
export function verifyRecord(
  pdf: Uint8Array,
  trustAnchors: readonly X509Certificate[] = NOTHING_TRUSTED,
): RecordVerification {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  if (!bytes.subarray(0, 1024).includes('%PDF-')) throw new UnreadablePdfError('not a PDF file');
  const text = bytes.toString('latin1');
  const ranges = [...text.matchAll(BYTE_RANGE)].map(
    (m) => m.slice(1, 5).map(Number) as [number, number, number, number],
  );
  const unsigned = {
    ok: false,
    intact: false,
    trusted: false,
    trust: { problem: 'no_signature' as const },
    signed: false,
    valid: false,
    coversWholeDocument: false,
    modifiedAfterSigning: false,
  };
  const last = ranges.at(-1);
  if (!last) return { ...unsigned, problems: ['no_signature'] };

  const [start, firstLength, secondStart, secondLength] = last;
  const rangeSane =
    start === 0 &&
    firstLength < secondStart &&
    secondStart + secondLength <= bytes.length &&
    text[firstLength] === '<' &&
    text[secondStart - 1] === '>';
  const signedButBroken = { ...unsigned, signed: true, trust: { problem: 'untrusted_signer' as const } };
  if (!rangeSane) return { ...signedButBroken, problems: ['byte_range_invalid'] };

  const problems: VerificationProblem[] = [];
  const coversWholeDocument = secondStart + secondLength === bytes.length;
  if (!coversWholeDocument) problems.push('not_whole_document');
  const digest = createHash('sha256')
    .update(bytes.subarray(0, firstLength))
    .update(bytes.subarray(secondStart, secondStart + secondLength))
    .digest();
  let check;
  try {
    check = checkSignedData(
      fromDer(Buffer.from(text.slice(firstLength + 1, secondStart - 1), 'hex')),
      digest,
    );
  } catch {
    return { ...signedButBroken, problems: ['cms_unreadable'] };
  }
  problems.push(...check.problems);
  const token = check.unsignedAttributes.get(OID.timeStampToken);
  const signedAt = token && check.signatureValue ? timestampTime(token, check.signatureValue) : undefined;
  if (token && !signedAt) problems.push('timestamp_invalid');

  const valid = check.problems.length === 0 && !(token && !signedAt);
  const pades = check.attributes.has(OID.signingCertificateV2) && !check.attributes.has(OID.signingTime);
  const modifiedAfterSigning = !coversWholeDocument || check.problems.includes('message_digest_mismatch');
  const intact = valid && !modifiedAfterSigning;
  // Judged at the timestamp's time when there is one: a certificate may expire after it signed.
  const trust = check.certificate
    ? chainToAnchor(check.certificate, check.certificates, trustAnchors, signedAt ?? new Date())
    : ({ trusted: false, problem: 'untrusted_signer' } as const);
  return {
    ok: intact && trust.trusted,
    intact,
    trusted: trust.trusted,
    trust: trust.trusted ? { anchor: trust.anchor.subject.replace(/\n/g, ', ') } : { problem: trust.problem },
    signed: true,
    valid,
    coversWholeDocument,
    modifiedAfterSigning,
    level: pades ? (signedAt ? 'PAdES-B-T' : 'PAdES-B-B') : 'CMS',
    ...(check.certificate ? { signer: signerSummary(check.certificate) } : {}),
    ...(signedAt ? { signedAt: signedAt.toISOString() } : {}),
    problems,
  };
}
