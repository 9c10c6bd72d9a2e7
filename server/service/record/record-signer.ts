import { createHash } from 'node:crypto';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import type { PDFDocument } from 'pdf-lib';
import { attribute, OID } from './cms/asn1.js';
import { assembleSignedData, signAttributes } from './cms/cades-signed-data.js';
import type { SigningIdentity } from './cms/signing-identity.js';
import type { TimestampToken } from './cms/timestamp-client.js';

export interface RecordSigningOptions {
  identity: SigningIdentity;
  /** For PAdES B-T: timestamps the signature value's SHA-256 (an RFC 3161 TSA). */
  timestamp?: (imprint: Buffer) => Promise<TimestampToken>;
  /** The dictionary's M entry: when the record was signed, as the signer claims. */
  signedAt: Date;
}

// Room for the CMS in /Contents: the chain and a signature; a timestamp token adds its own chain.
const CONTENTS_BYTES = 8192;
const CONTENTS_BYTES_WITH_TIMESTAMP = 24_576;

/** @signpdf hands us the bytes outside /Contents; we answer with a PAdES B-B (or B-T) CMS. */
class CadesSigner extends Signer {
  constructor(private readonly options: RecordSigningOptions) {
    super();
  }

  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    const content = { kind: 'detached' as const, sha256: createHash('sha256').update(pdfBuffer).digest() };
    const parts = signAttributes(content, this.options.identity);
    const unsigned = [];
    if (this.options.timestamp) {
      const { token } = await this.options.timestamp(createHash('sha256').update(parts.signature).digest());
      unsigned.push(attribute(OID.timeStampToken, token));
    }
    return assembleSignedData(content, this.options.identity, parts, unsigned);
  }
}

/** Adds the signature field to the finished document, saves it and signs it once. */
export async function signRecord(doc: PDFDocument, options: RecordSigningOptions): Promise<Uint8Array> {
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: 'Service record',
    contactInfo: '',
    name: 'Skyteller',
    location: '',
    signingTime: options.signedAt,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    signatureLength: options.timestamp ? CONTENTS_BYTES_WITH_TIMESTAMP : CONTENTS_BYTES,
  });
  // No object streams: the signature dictionary must stay findable as plain text.
  const unsigned = await doc.save({ useObjectStreams: false });
  return new SignPdf().sign(Buffer.from(unsigned), new CadesSigner(options));
}
