import { createHash, type X509Certificate } from 'node:crypto';
import { fromDer, OID } from './cms/asn1.js';
import type {
  RecordVerification,
  SignerSummary,
  VerificationProblem,
} from '../../../shared/contracts/record-verification.js';
import { checkSignedData } from './cms/signed-data-verifier.js';
import { genTimeOf, tstInfoOf } from './cms/timestamp-client.js';

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
  const check = checkSignedData(token);
  if (check.problems.length > 0) return undefined;
  const info = tstInfoOf(token);
  const imprint = (info[2]!.value as ReturnType<typeof fromDer>[])[1]!.value as string;
  const expected = createHash('sha256').update(signatureValue).digest();
  return Buffer.from(imprint, 'binary').equals(expected) ? genTimeOf(info) : undefined;
}

/**
 * Verifies the PDF's last signature on our own (node-forge parsing, Node's
 * crypto): integrity of the signed bytes, the CMS signature, and whether
 * anything was appended after signing. Trust in the certificate is not judged
 * here: the signer is reported for the reader to decide.
 */
export function verifyRecord(pdf: Uint8Array): RecordVerification {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  if (!bytes.subarray(0, 1024).includes('%PDF-')) throw new UnreadablePdfError('not a PDF file');
  const text = bytes.toString('latin1');
  const ranges = [...text.matchAll(BYTE_RANGE)].map(
    (m) => m.slice(1, 5).map(Number) as [number, number, number, number],
  );
  const unsigned = { signed: false, valid: false, coversWholeDocument: false, modifiedAfterSigning: false };
  const last = ranges.at(-1);
  if (!last) return { ...unsigned, problems: ['no_signature'] };

  const [start, firstLength, secondStart, secondLength] = last;
  const rangeSane =
    start === 0 &&
    firstLength < secondStart &&
    secondStart + secondLength <= bytes.length &&
    text[firstLength] === '<' &&
    text[secondStart - 1] === '>';
  if (!rangeSane) return { ...unsigned, signed: true, problems: ['byte_range_invalid'] };

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
    return { ...unsigned, signed: true, problems: ['cms_unreadable'] };
  }
  problems.push(...check.problems);
  const token = check.unsignedAttributes.get(OID.timeStampToken);
  const signedAt = token && check.signatureValue ? timestampTime(token, check.signatureValue) : undefined;
  if (token && !signedAt) problems.push('timestamp_invalid');

  const valid = check.problems.length === 0 && !(token && !signedAt);
  const pades = check.attributes.has(OID.signingCertificateV2) && !check.attributes.has(OID.signingTime);
  return {
    signed: true,
    valid,
    coversWholeDocument,
    modifiedAfterSigning: !coversWholeDocument || check.problems.includes('message_digest_mismatch'),
    level: pades ? (signedAt ? 'PAdES-B-T' : 'PAdES-B-B') : 'CMS',
    ...(check.certificate ? { signer: signerSummary(check.certificate) } : {}),
    ...(signedAt ? { signedAt: signedAt.toISOString() } : {}),
    problems,
  };
}
