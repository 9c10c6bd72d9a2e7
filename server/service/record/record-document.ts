import { PDFDocument } from 'pdf-lib';
import { HashAppendix } from './hash-appendix.js';
import { writeFormPages } from './record-form-page.js';
import { RecordFonts } from './record-fonts.js';
import type { ServiceRecordInput } from './record-input.js';
import { dateTimeSecondsIn } from '../../../shared/domain/zoned-time.js';
import { writeAppendixPage, writeTimelinePages } from './record-timeline-page.js';
import { RecordWriter } from './record-writer.js';
const MANIFEST_KEYWORD = 'recording-manifest-sha256:';

/** The keyword naming the recording's manifest hash in a record's metadata. */
export const recordingKeyword = (manifestSha256: string): string => `${MANIFEST_KEYWORD}${manifestSha256}`;

/** The manifest hash a record names in its metadata, if any. */
export async function recordedManifestSha256(pdf: Uint8Array): Promise<string | undefined> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const keywords = doc.getKeywords() ?? '';
  const named = keywords.split(/[\s,]+/).find((k) => k.startsWith(MANIFEST_KEYWORD));
  return named?.slice(MANIFEST_KEYWORD.length);
}

/** The record's pages, unsigned: the signer adds the signature field and signs once. */
export async function buildRecordDocument(input: ServiceRecordInput): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  // Fixed dates keep two builds of the same input identical but for the signature.
  doc.setCreationDate(new Date(input.endedAt));
  doc.setModificationDate(new Date(input.endedAt));
  doc.setTitle(`${input.institution} 业务办理记录 Service record ${input.callId}`);
  doc.setLanguage(input.language);
  doc.setProducer('Skyteller');
  doc.setCreator('Skyteller');
  // Also in the metadata, where a verifier reads it without parsing the page text.
  if (input.recording) doc.setKeywords([recordingKeyword(input.recording.manifestSha256)]);
  const writer = new RecordWriter(doc, await RecordFonts.embedInto(doc));
  const context = {
    input,
    writer,
    appendix: new HashAppendix(),
    time: (ms: number) => dateTimeSecondsIn(ms, input.timeZone),
  };
  writeFormPages(context);
  writeTimelinePages(context);
  writeAppendixPage(context);
  const page = {
    'zh-CN': (n: number, of: number) => `第 ${n} / ${of} 页`,
    en: (n: number, of: number) => `page ${n} of ${of}`,
  };
  writer.footers((n, of) => `${input.institution} · ${input.callId} · ${page[input.language](n, of)}`);
  return doc;
}
