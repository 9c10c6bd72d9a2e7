import type { Label } from '../../../shared/catalog/fields.js';
import { maskIdNumber } from '../../../shared/domain/resident-id.js';
import type { HashAppendix } from './hash-appendix.js';
import type { RecordReference, RecordStep, ServiceRecordInput } from './record-input.js';
import { figureOrDash, REFERENCE_SOURCE_WORDS } from './record-timeline.js';
import { A4, GREY, INK, MARGIN, RULE, type Cell, type RecordWriter } from './record-writer.js';
import { drawSignature } from './signature-drawing.js';

/** Page 1 shows both languages, as a bank's printed form does. */
export const both = (label: Label): string => `${label['zh-CN']} ${label.en}`;
const l = (zh: string, en: string): Label => ({ 'zh-CN': zh, en });
const cell = (label: Label, value: string, share?: number): Cell => ({
  label: both(label),
  value,
  ...(share === undefined ? {} : { share }),
});

const OUTCOMES = {
  completed: l('已办结', 'Completed'),
  withdrawn: l('客户撤回，未办理', 'Withdrawn by the customer, not done'),
  not_completed: l(
    '未办结：人脸核验次数已用完，请客户前往网点办理',
    'Not completed: every face check attempt failed; the customer was referred to a branch',
  ),
};
const RISKS = { high: l('高风险', 'High risk'), low: l('低风险', 'Low risk') };
const SIGNATURE_BOX = { width: 230, height: 86 };

export interface FormContext {
  input: ServiceRecordInput;
  writer: RecordWriter;
  appendix: HashAppendix;
  /** "2025-03-14 10:00:00" in the institution's zone. */
  time: (ms: number) => string;
}

function header({ input, writer }: FormContext): void {
  const page = writer.currentPage;
  const top = A4[1] - MARGIN;
  const right = (text: string, y: number, size: number, color = INK) =>
    writer.draw(text, A4[0] - MARGIN - writer.widthOf(text, size), y, size, color);
  writer.draw(input.institution, MARGIN, top - 16, 15);
  writer.draw(both(l('远程视频柜台', 'Remote video counter')), MARGIN, top - 31, 8.5, GREY);
  right(both(l('业务办理记录', 'Service record')), top - 16, 15);
  right(`${both(l('记录编号', 'Record No.'))}  ${input.callId}`, top - 31, 8.5, GREY);
  page.drawLine({
    start: { x: MARGIN, y: top - 39 },
    end: { x: A4[0] - MARGIN, y: top - 39 },
    thickness: 1.4,
    color: RULE,
  });
  writer.gap(42);
}

function serviceSection({ input, writer, time }: FormContext): void {
  writer.bar(both(l('业务信息', 'Service')));
  writer.row([
    cell(l('业务', 'Service'), both(input.service.names), 2),
    cell(l('风险等级', 'Risk'), both(RISKS[input.service.risk])),
  ]);
  writer.row([
    cell(l('开始时间', 'Started'), time(input.startedAt)),
    cell(l('结束时间', 'Ended'), time(input.endedAt)),
    cell(l('时区', 'Time zone'), input.timeZone),
  ]);
  writer.row([cell(l('办理结果', 'Outcome'), both(OUTCOMES[input.outcome]))]);
}

function peopleSection({ input, writer, time }: FormContext): void {
  writer.bar(both(l('客户信息', 'Customer')));
  writer.row([
    cell(l('姓名', 'Name'), input.customer.name),
    cell(l('证件号码', 'ID number'), maskIdNumber(input.customer.idNumber)),
  ]);
  writer.bar(both(l('经办柜员', 'Tellers')));
  writer.row(
    input.tellers.map((teller, i) =>
      cell(
        l(`柜员 ${i + 1}`, `Teller ${i + 1}`),
        `${teller.name}  ${time(teller.joinedAt)} – ${teller.leftAt === undefined ? '' : time(teller.leftAt).slice(11)}`,
      ),
    ),
  );
}

function stepSection(step: RecordStep, index: number, { writer, time }: FormContext): void {
  const confirmed =
    step.confirmedAt === undefined
      ? ''
      : `${both(l('柜员确认', 'Confirmed by'))}  ${step.confirmedBy ?? ''}  ${time(step.confirmedAt)}`;
  writer.bar(`${index + 1}. ${both(step.title)}`, confirmed);
  const presented = (step.presented ?? []).map((f) =>
    cell(l(`${f.label['zh-CN']}（柜员告知）`, `${f.label.en} (told by the teller)`), f.value),
  );
  const cells = [...presented, ...step.values.map((f) => cell(f.label, f.value))];
  for (let i = 0; i < cells.length; i += 2) writer.row(cells.slice(i, i + 2));
}

/** The photo a face check was judged against: its source, its uploader, its hash (in full in the appendix). */
function referenceRow(reference: RecordReference, { writer, appendix }: FormContext): void {
  const { source, uploadedBy, sha256 } = reference;
  // A name reads the same in both languages: printed once.
  const uploader = !uploadedBy
    ? '—'
    : uploadedBy['zh-CN'] === uploadedBy.en
      ? uploadedBy.en
      : both(uploadedBy);
  writer.row([
    cell(l('参考照片来源', 'Reference source'), source ? both(REFERENCE_SOURCE_WORDS[source]) : '—'),
    cell(l('上传人', 'Uploaded by'), uploader),
    cell(
      l('参考照片摘要（SHA-256）', 'Reference photo (SHA-256)'),
      sha256 ? appendix.short(l('人脸核验参考照片', 'Face check reference photo'), sha256) : '—',
    ),
  ]);
}

function checksSection(context: FormContext): void {
  const { input, writer, time } = context;
  if (!input.checks?.length) return;
  writer.bar(both(l('身份核验', 'Identity check')));
  for (const check of input.checks) {
    const figure = figureOrDash;
    writer.row([
      cell(check.label, both(check.passed ? l('通过', 'Passed') : l('未通过', 'Failed'))),
      cell(l('相似距离（越小越像）', 'Distance (lower is closer)'), figure(check.distance)),
      cell(l('通过线（不超过）', 'Pass line (at most)'), figure(check.threshold)),
      cell(l('核验时间', 'Checked'), time(check.at)),
    ]);
    if (check.reference) referenceRow(check.reference, context);
    // Passive presentation-attack signals: printed as advisory figures, apart from the verdict above.
    if (check.passiveSignals) {
      const { antispoof, liveness } = check.passiveSignals;
      writer.row([
        cell(
          l('被动防伪信号（仅供参考，未计入结果）', 'Passive signals (advisory, not part of the result)'),
          both(l('中位数', 'median')),
        ),
        cell(l('防伪评分', 'Anti-spoofing'), figure(antispoof)),
        cell(l('活体评分', 'Liveness'), figure(liveness)),
      ]);
    }
  }
}

function signatureSection({ input, writer, appendix, time }: FormContext): void {
  const signature = input.signature;
  if (!signature) return;
  writer.bar(both(l('客户签名', 'Customer signature')), '', SIGNATURE_BOX.height + 8);
  const top = writer.cursor;
  const box = { x: MARGIN, y: top - SIGNATURE_BOX.height, ...SIGNATURE_BOX };
  writer.currentPage.drawRectangle({ ...box, borderColor: RULE, borderWidth: 0.6 });
  drawSignature(writer.currentPage, signature.strokes, box);
  // Beside the box: when, and what was signed.
  const x = MARGIN + SIGNATURE_BOX.width + 12;
  const lines: [string, string][] = [
    [both(l('签署时间', 'Signed at')), time(signature.capturedAt)],
    [
      both(l('签署内容摘要（SHA-256）', 'Signed summary (SHA-256)')),
      appendix.short(l('签署内容摘要', 'Signed summary'), signature.summaryHash),
    ],
    [
      both(
        l(
          '签名由客户在通话中手写，按笔迹坐标绘制。',
          'Drawn by the customer during the call, plotted from the pen’s path.',
        ),
      ),
      '',
    ],
  ];
  let y = top - 10;
  for (const [label, value] of lines) {
    for (const line of writer.lines(label, A4[0] - MARGIN - x, 7)) {
      writer.draw(line, x, y, 7, GREY);
      y -= 9.5;
    }
    if (value) {
      writer.draw(value, x, y - 2, 10);
      y -= 17;
    }
  }
  writer.gap(SIGNATURE_BOX.height);
}

function recordingSection({ input, writer, appendix }: FormContext): void {
  if (!input.recording) return;
  writer.bar(both(l('录音录像', 'Recording')));
  // The whole width: the reference is read (and searched for) as one piece.
  writer.row([cell(l('存档位置', 'Stored as'), input.recording.reference)]);
  writer.row([
    cell(
      l('清单摘要（SHA-256）', 'Manifest (SHA-256)'),
      appendix.short(l('录像清单', 'Recording manifest'), input.recording.manifestSha256),
    ),
  ]);
}

/** Page 1 (and what spills over): the service as a bank's form, every field in a labelled box. */
export function writeFormPages(context: FormContext): void {
  header(context);
  serviceSection(context);
  peopleSection(context);
  context.input.steps.forEach((step, i) => stepSection(step, i, context));
  checksSection(context);
  signatureSection(context);
  recordingSection(context);
}
