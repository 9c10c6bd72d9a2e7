import { PDFDocument } from 'pdf-lib';
import type { Label } from '../../../shared/catalog/fields.js';
import { maskIdNumber } from '../../../shared/domain/resident-id.js';
import { RecordFonts } from './record-fonts.js';
import type { RecordField, ServiceRecordInput } from './record-input.js';
import { formatRecordTime } from './record-time.js';
import { RecordWriter } from './record-writer.js';

const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
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

const both = (label: Label) => `${label['zh-CN']} ${label.en}`;

/** The record's pages, unsigned: the signer adds the signature field and signs once. */
export async function buildRecordDocument(input: ServiceRecordInput): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  // Fixed dates keep two builds of the same input identical but for the signature.
  doc.setCreationDate(new Date(input.endedAt));
  doc.setModificationDate(new Date(input.endedAt));
  doc.setTitle(`服务记录 Service record ${input.callId}`);
  doc.setProducer('Skyteller');
  doc.setCreator('Skyteller');
  // Also in the metadata, where a verifier reads it without parsing the page text.
  if (input.recording) doc.setKeywords([recordingKeyword(input.recording.manifestSha256)]);
  const fonts = await RecordFonts.embedInto(doc);
  const writer = new RecordWriter(doc, fonts);
  const time = (ms: number) => formatRecordTime(ms, input.timeZone ?? DEFAULT_TIME_ZONE);

  writer.heading('服务记录 Service record', 18);
  writer.text(`${both(input.service.names)}`, { size: 13 });
  writer.text(`通话编号 Call: ${input.callId}`);
  writer.text(
    `时间 Time: ${time(input.startedAt)} – ${time(input.endedAt)} (${input.timeZone ?? DEFAULT_TIME_ZONE})`,
  );
  const outcome =
    input.outcome === 'completed' ? '已办结 Completed' : '客户撤回，未办理 Withdrawn by the customer';
  writer.text(`结果 Outcome: ${outcome}`);
  writer.text(`风险等级 Risk: ${input.service.risk === 'high' ? '高 high' : '低 low'}`);

  writer.heading('客户 Customer');
  writer.text(`姓名 Name: ${input.customer.name}`);
  writer.text(`证件号码 ID number: ${maskIdNumber(input.customer.idNumber)}`);

  writer.heading('柜员 Tellers');
  for (const teller of input.tellers) {
    const until = teller.leftAt === undefined ? '' : ` – ${time(teller.leftAt)}`;
    writer.text(`${teller.name} (${teller.staffId}): ${time(teller.joinedAt)}${until}`);
  }

  writer.heading('办理步骤 Steps');
  input.steps.forEach((step, index) => {
    writer.text(`${index + 1}. ${both(step.title)}`, { size: 11 });
    const fields = (list: RecordField[] | undefined) =>
      list?.forEach((f) => writer.text(`${both(f.label)}: ${f.value}`, { indent: 14 }));
    if (step.presented?.length) writer.text('柜员告知 Presented by the teller:', { indent: 14, grey: true });
    fields(step.presented);
    fields(step.values);
    if (step.confirmedAt !== undefined) {
      writer.text(`确认 Confirmed ${time(step.confirmedAt)} ${step.confirmedBy ?? ''}`, {
        indent: 14,
        grey: true,
      });
    }
  });

  if (input.checks?.length) {
    writer.heading('核验结果 Checks');
    for (const check of input.checks) {
      const verdict = check.passed ? '通过 passed' : '未通过 failed';
      writer.text(
        `${both(check.label)}: ${verdict}, ${time(check.at)}${check.detail ? ` — ${check.detail}` : ''}`,
      );
    }
  }

  if (input.signature) {
    writer.heading('客户签名 Customer signature');
    writer.image(await doc.embedPng(input.signature.png), 220, 90);
    writer.text(`签署时间 Signed: ${time(input.signature.capturedAt)}`, { grey: true });
    writer.text(`签署内容摘要 SHA-256 of the signed summary: ${input.signature.summaryHash}`, {
      size: 8,
      grey: true,
    });
  }

  if (input.recording) {
    writer.heading('录像 Recording');
    writer.text(`引用 Reference: ${input.recording.reference}`);
    writer.text(`清单 SHA-256 Manifest SHA-256: ${input.recording.manifestSha256}`, { size: 8 });
  }

  writer.newPage();
  writer.heading('审计记录 Audit trail');
  for (const event of input.events) {
    writer.text(
      `${time(event.at)}  ${event.actor}  ${event.type}${event.detail ? `  ${event.detail}` : ''}`,
      {
        size: 8,
      },
    );
  }
  return doc;
}
