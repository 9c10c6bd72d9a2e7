import type { X509Certificate } from 'node:crypto';
import { bytesOf, children, fromDer, toDer, type Asn1 } from './asn1.js';
import { checkSignedData } from './signed-data-verifier.js';
import { genTimeOf, requestTimestamp, tstInfoOf } from './timestamp-client.js';
import { chainToAnchor } from './trust-path.js';

export type TimestampCheck = { ok: true; genTime: Date } | { ok: false; problem: string };

/**
 * Checks an RFC 3161 token: its CMS signature intact, its imprint the SHA-256
 * `imprint`, and, when `tsaAnchors` is given, its signer the TSA's certificate
 * or one issued by it. Used for records' signature timestamps and audit anchors.
 */
export function checkTimestampToken(
  token: Asn1 | Buffer,
  imprint: Buffer,
  tsaAnchors?: readonly X509Certificate[],
): TimestampCheck {
  let check;
  let info;
  try {
    const node = Buffer.isBuffer(token) ? fromDer(token) : token;
    check = checkSignedData(node);
    info = tstInfoOf(node);
  } catch {
    return { ok: false, problem: 'the timestamp token is unreadable' };
  }
  if (check.problems.length > 0 || !check.certificate) {
    return { ok: false, problem: `the timestamp token does not verify (${check.problems.join(', ')})` };
  }
  if (!bytesOf(children(info[2]!)[1]!).equals(imprint)) {
    return { ok: false, problem: 'the timestamp covers something else' };
  }
  const genTime = genTimeOf(info);
  if (tsaAnchors) {
    const trust = chainToAnchor(check.certificate, check.certificates, tsaAnchors, genTime);
    if (!trust.trusted) return { ok: false, problem: `the timestamp's signer: ${trust.problem}` };
  }
  return { ok: true, genTime };
}

/** Asks the TSA at `url` for a token over `imprint`; the token as DER. */
export async function timestampToken(url: string, imprint: Buffer): Promise<Buffer> {
  return toDer((await requestTimestamp(url, imprint)).token);
}
