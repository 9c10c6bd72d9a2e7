import forge from 'node-forge';

/** Short builders over node-forge's ASN.1 nodes; values are binary strings, as forge keeps them. */
const { asn1 } = forge;
export type Asn1 = forge.asn1.Asn1;

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  timeStampToken: '1.2.840.113549.1.9.16.2.14',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
} as const;

const U = asn1.Class.UNIVERSAL;
const T = asn1.Type;

export const seq = (...items: Asn1[]): Asn1 => asn1.create(U, T.SEQUENCE, true, items);
export const set = (...items: Asn1[]): Asn1 => asn1.create(U, T.SET, true, items);
export const oid = (id: string): Asn1 => asn1.create(U, T.OID, false, asn1.oidToDer(id).getBytes());
export const octets = (bytes: Buffer): Asn1 => asn1.create(U, T.OCTETSTRING, false, bytes.toString('binary'));
export const nullValue = (): Asn1 => asn1.create(U, T.NULL, false, '');
export const integer = (n: number): Asn1 => asn1.create(U, T.INTEGER, false, asn1.integerToDer(n).getBytes());
export const boolean = (value: boolean): Asn1 => asn1.create(U, T.BOOLEAN, false, value ? '\xff' : '\x00');
/** Positive INTEGER from unsigned big-endian bytes (a leading 0 keeps it positive). */
export const unsignedInteger = (bytes: Buffer): Asn1 =>
  asn1.create(U, T.INTEGER, false, ((bytes[0] ?? 0) & 0x80 ? '\x00' : '') + bytes.toString('binary'));
/** [n] context tag; EXPLICIT wraps the node, IMPLICIT (constructed) replaces a SET/SEQUENCE tag. */
export const contextTag = (n: number, items: Asn1[]): Asn1 =>
  asn1.create(asn1.Class.CONTEXT_SPECIFIC, n, true, items);
export const algorithm = (id: string, withNull = true): Asn1 =>
  withNull ? seq(oid(id), nullValue()) : seq(oid(id));

export const toDer = (node: Asn1): Buffer => Buffer.from(asn1.toDer(node).getBytes(), 'binary');
// forge takes an options object here; its type declarations still say a boolean.
const parseDer = asn1.fromDer as unknown as (bytes: forge.util.ByteStringBuffer, options: object) => Asn1;
/** Parses one DER value; bytes after it (the zero padding of a PDF's /Contents) are ignored. */
export const fromDer = (der: Buffer): Asn1 =>
  parseDer(forge.util.createBuffer(der.toString('binary')), { parseAllBytes: false });
export const bytesOf = (node: Asn1): Buffer => Buffer.from(node.value as string, 'binary');
export const oidOf = (node: Asn1): string => asn1.derToOid(node.value as string);
export const children = (node: Asn1): Asn1[] => node.value as Asn1[];

/** DER orders the members of a SET OF by their encodings. */
export function derSet(items: Asn1[]): Asn1 {
  const sorted = items
    .map((item) => ({ item, der: toDer(item) }))
    .sort((a, b) => Buffer.compare(a.der, b.der));
  return set(...sorted.map((s) => s.item));
}

export const attribute = (type: string, value: Asn1): Asn1 => seq(oid(type), set(value));
