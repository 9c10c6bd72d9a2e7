import { randomBytes } from 'node:crypto';
import {
  algorithm,
  boolean,
  bytesOf,
  children,
  fromDer,
  integer,
  OID,
  octets,
  oidOf,
  seq,
  toDer,
  unsignedInteger,
  type Asn1,
} from './asn1.js';

/** RFC 3161 TimeStampReq for a SHA-256 imprint, asking for the TSA's certificate. */
export function encodeTimestampRequest(imprint: Buffer, nonce: Buffer): Buffer {
  return toDer(
    seq(integer(1), seq(algorithm(OID.sha256), octets(imprint)), unsignedInteger(nonce), boolean(true)),
  );
}

export class TimestampError extends Error {
  readonly code = 'timestamp_failed';
  constructor(message: string) {
    super(message);
    this.name = 'TimestampError';
  }
}

export interface TimestampToken {
  /** The token (a CMS ContentInfo) as the TSA sent it. */
  token: Asn1;
  genTime: Date;
}

const integerBytes = (node: Asn1) => bytesOf(node).subarray(bytesOf(node)[0] === 0 ? 1 : 0);

/** The TSTInfo inside a token: the encapsulated content of its SignedData. */
export function tstInfoOf(token: Asn1): Asn1[] {
  const signedData = children(children(token)[1]!)[0]!;
  const eContent = children(children(signedData)[2]!)[1]!;
  return children(fromDer(bytesOf(children(eContent)[0]!)));
}

export function genTimeOf(tstInfo: Asn1[]): Date {
  // GeneralizedTime YYYYMMDDHHMMSS[.fff]Z
  const text = tstInfo[4]!.value as string;
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d+)?Z$/.exec(text);
  if (!m) throw new TimestampError(`unreadable genTime ${text}`);
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ''}Z`);
}

/** Checks a TimeStampResp: granted, over our imprint, with our nonce. */
export function parseTimestampResponse(der: Buffer, imprint: Buffer, nonce: Buffer): TimestampToken {
  const [statusInfo, token] = children(fromDer(der));
  const status = bytesOf(children(statusInfo!)[0]!).readUIntBE(0, 1);
  if (status > 1 || !token) throw new TimestampError(`the TSA refused the request (status ${status})`);
  if (oidOf(children(token)[0]!) !== OID.signedData) throw new TimestampError('the token is not SignedData');
  const info = tstInfoOf(token);
  const [, , messageImprint] = info;
  const imprintBytes = bytesOf(children(messageImprint!)[1]!);
  if (!imprintBytes.equals(imprint)) throw new TimestampError('the token covers another imprint');
  const tokenNonce = info.find((node, i) => i > 4 && node.type === 2);
  if (!tokenNonce || !integerBytes(tokenNonce).equals(integerBytes(unsignedInteger(nonce)))) {
    throw new TimestampError('the token carries another nonce');
  }
  return { token, genTime: genTimeOf(info) };
}

/** Asks the TSA at `url` to timestamp the SHA-256 imprint. */
export async function requestTimestamp(
  url: string,
  imprint: Buffer,
  timeoutMs = 10_000,
): Promise<TimestampToken> {
  const nonce = randomBytes(8);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/timestamp-query' },
    body: new Uint8Array(encodeTimestampRequest(imprint, nonce)),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new TimestampError(`the TSA answered HTTP ${response.status}`);
  return parseTimestampResponse(Buffer.from(await response.arrayBuffer()), imprint, nonce);
}
