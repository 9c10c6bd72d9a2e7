import type { Label } from '../../../shared/catalog/fields.js';
import { SERVICE_LANGUAGES } from '../../../shared/catalog/languages.js';
import { findService } from '../../../shared/catalog/services.js';
import { formatAccuracy, formatCoordinates } from '../../../shared/domain/coordinates.js';
import {
  callEventTypeOf,
  shownToCustomer,
  type CallEventType,
} from '../../../shared/contracts/call-events.js';
import type { RecordEvent, RecordHash } from './record-input.js';

/** A timeline event as stored: its data is read field by field, since old rows predate the schemas. */
export interface TimelineEntry {
  at: number;
  actor: string;
  type: string;
  data: Record<string, unknown>;
}

export interface TimelineNames {
  /** The person an actor or participant id stands for ('customer', a staff id, `teller:<id>`, 'system'). */
  nameOf(actor: string): Label;
  serviceId: string;
}

type Data = Record<string, unknown>;
interface Wording {
  what: Label;
  hashes?: RecordHash[];
}
type Worder = (data: Data, names: TimelineNames) => Wording;

const l = (zh: string, en: string): Label => ({ 'zh-CN': zh, en });
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const isHash = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
const join = (a: Label, b: Label, zhGlue = '：', enGlue = ': '): Label =>
  l(`${a['zh-CN']}${zhGlue}${b['zh-CN']}`, `${a.en}${enGlue}${b.en}`);
const same = (zh: string, en: string) => (): Wording => ({ what: l(zh, en) });
/** Two decimals: a face distance of 0.32444500470589893 reads 0.32. */
export const twoDecimals = (v: number): string => v.toFixed(2);
/** Two decimals, or a dash for a figure that is missing. */
export const figureOrDash = (v: number | undefined): string => (v === undefined ? '—' : twoDecimals(v));

const END_REASONS: Record<string, Label> = {
  customer_hung_up: l('客户挂断', 'the customer hung up'),
  teller_hung_up: l('柜员挂断', 'the teller hung up'),
  customer_disconnected: l('客户连接中断', 'the customer’s connection dropped'),
  teller_disconnected: l('柜员连接中断', 'the teller’s connection dropped'),
  media_failure: l('音视频故障', 'audio or video failed'),
  server_shutdown: l('服务器关闭', 'the server shut down'),
  transferred: l('已转接给同事', 'handed over to a colleague'),
};
const CHALLENGES: Record<string, Label> = {
  'turn-left': l('向左转头', 'turn left'),
  'turn-right': l('向右转头', 'turn right'),
  blink: l('眨眼', 'blink'),
};
/** Who provided a face check's reference photo, in the record's words (its form and its timeline). */
export const REFERENCE_SOURCE_WORDS: Record<'teller' | 'on_file' | 'customer', Label> = {
  teller: l('柜员上传', 'Teller’s upload'),
  on_file: l('机构存档照片', 'Photo on file'),
  customer: l('客户自行提供', 'Customer-provided'),
};
const PRIORITIES: Record<string, Label> = {
  elderly: l('长辈优先', 'elderly priority'),
  vip: l('贵宾', 'VIP'),
  normal: l('普通', 'standard'),
};
const MEDIA_TYPES: Record<string, Label> = {
  'application/pdf': l('PDF 文件', 'PDF file'),
  'image/jpeg': l('JPEG 图片', 'JPEG image'),
  'image/png': l('PNG 图片', 'PNG image'),
};
const UNKNOWN = l('（未知）', '(unknown)');

const word = (table: Record<string, Label>, key: unknown): Label => table[str(key)] ?? UNKNOWN;
const serviceName = (id: unknown): Label => findService(str(id))?.names ?? UNKNOWN;
const languageName = (id: unknown): Label => SERVICE_LANGUAGES.find((x) => x.id === id)?.names ?? UNKNOWN;
const quoted = (text: unknown): Label => l(`“${str(text)}”`, `“${str(text)}”`);

function list(labels: Label[], zhSep = '、', enSep = ', '): Label {
  return l(labels.map((x) => x['zh-CN']).join(zhSep), labels.map((x) => x.en).join(enSep));
}

function stepTitle(names: TimelineNames, stepId: unknown): Label {
  return findService(names.serviceId)?.steps.find((s) => s.id === stepId)?.title ?? UNKNOWN;
}

const ofStep =
  (zh: string, en: string): Worder =>
  (d, names) => ({ what: join(l(zh, en), stepTitle(names, d.stepId)) });

function hash(label: Label, value: unknown): RecordHash[] {
  return isHash(value) ? [{ label, sha256: value }] : [];
}

/** The median of one passive signal, if the event carries it. */
export const signalMedian = (signals: Data, name: string): number | undefined => {
  const summary = signals[name];
  return summary && typeof summary === 'object' ? num((summary as Data).median) : undefined;
};

/** The face check's passive presentation-attack signals (medians), worded as advisory: they decided nothing. */
function passiveSignals(value: unknown): Label {
  const signals = value && typeof value === 'object' ? (value as Data) : {};
  const antispoof = signalMedian(signals, 'antispoof');
  const liveness = signalMedian(signals, 'liveness');
  if (antispoof === undefined && liveness === undefined) return l('', '');
  return l(
    `；被动防伪信号（仅供参考，未计入结果）：防伪 ${figureOrDash(antispoof)}，活体 ${figureOrDash(liveness)}`,
    `; passive signals (advisory, not part of the result): anti-spoofing ${figureOrDash(antispoof)}, liveness ${figureOrDash(liveness)}`,
  );
}

/** A face result: the distance to the reference (lower is closer) against the threshold, two decimals. */
function faceResult(outcome: Label): Worder {
  return (d) => {
    const distance = num(d.distance) ?? num(d.score);
    const threshold = num(d.threshold);
    const figures =
      distance === undefined || threshold === undefined
        ? l('', '')
        : l(
            `，相似距离 ${twoDecimals(distance)}（通过线 ${twoDecimals(threshold)}）`,
            `, distance ${twoDecimals(distance)} (pass at or below ${twoDecimals(threshold)})`,
          );
    const frames = Array.isArray(d.frameHashes) ? d.frameHashes.filter(isHash) : [];
    return {
      what: join(join(outcome, figures, '', ''), passiveSignals(d.passiveSignals), '', ''),
      hashes: frames.map((sha256, i) => ({ label: l(`核验帧 ${i + 1}`, `Check frame ${i + 1}`), sha256 })),
    };
  };
}

const side = (participant: unknown, names: TimelineNames): Label => names.nameOf(str(participant));

const ADDRESS_CLASSES: Record<string, Label> = {
  loopback: l('本机地址', 'a loopback address'),
  private: l('内网地址', 'a private address'),
};
const GATE_VERDICTS: Record<string, Label> = {
  allowed: l('，属允许办理的地区', ', an allowed country'),
  refused: l('，不属允许办理高风险业务的地区', ', not a country where high-risk services are allowed'),
};

const BROWSER_ANSWERS: Record<string, Label> = {
  pending: l('请客户同意提供浏览器定位', 'The customer was asked to share their browser location'),
  refused: l('客户未同意提供浏览器定位', 'The customer declined to share their browser location'),
  unavailable: l('客户浏览器无法定位', 'The customer’s browser could not give a location'),
};

/** The address the customer connected from, its GeoIP country (DB-IP Lite) and the gate's verdict. */
function ipCountryWording(d: Data): Label {
  const place =
    d.addressClass === 'public'
      ? typeof d.country === 'string'
        ? l(`国家或地区 ${d.country}`, `country ${d.country}`)
        : l('国家或地区未知', 'country unknown')
      : word(ADDRESS_CLASSES, d.addressClass);
  const verdict = GATE_VERDICTS[str(d.gate)] ?? l('', '');
  return l(
    `客户网络地址 ${str(d.address)}（${place['zh-CN']}）${verdict['zh-CN']}`,
    `Customer’s address ${str(d.address)} (${place.en})${verdict.en}`,
  );
}

/** The browser's coordinates in degrees, minutes and seconds, and their accuracy. */
function browserLocationWording(d: Data): Label {
  const [lat, lon, acc] = [num(d.latitude), num(d.longitude), num(d.accuracy)];
  if (d.status !== 'granted' || lat === undefined || lon === undefined)
    return word(BROWSER_ANSWERS, d.status);
  const where = formatCoordinates(lat, lon);
  const within = acc === undefined ? '' : ` ${formatAccuracy(acc)}`;
  return l(`客户浏览器定位：${where}${within}`, `Customer’s browser location: ${where}${within}`);
}

/** The wording of every call event type in both languages: a new type does not compile until it has one. */
const WORDING: Record<CallEventType, Worder> = {
  'consent.recording': same('客户同意录音录像', 'The customer agreed to be recorded'),
  'queue.joined': (d) => ({
    what: l(
      `客户开始排队：${serviceName(d.serviceId)['zh-CN']}，${languageName(d.language)['zh-CN']}，${word(PRIORITIES, d.priority)['zh-CN']}`,
      `The customer joined the queue: ${serviceName(d.serviceId).en}, ${languageName(d.language).en}, ${word(PRIORITIES, d.priority).en}`,
    ),
  }),
  'queue.left': same('客户退出排队', 'The customer left the queue'),
  'queue.abandoned': same('客户离开，排队作废', 'The customer was gone from the queue'),
  'call.started': (d, names) => ({
    what: join(l('通话开始，柜员', 'Call started with'), names.nameOf(str(d.tellerId)), '', ' '),
  }),
  'call.ended': (d) => ({ what: join(l('通话结束', 'Call ended'), word(END_REASONS, d.reason)) }),
  'call.participant.left': (d, names) => ({
    what: join(side(d.participant, names), l('离开通话', 'left the call'), '', ' '),
  }),
  'call.participant.rejoined': (d, names) => ({
    what: join(side(d.participant, names), l('重新加入通话', 'rejoined the call'), '', ' '),
  }),
  'call.resumed': same(
    '服务节点中断，通话在另一节点继续',
    'The call went on on another server after its server was lost',
  ),
  'call.moved': same(
    '服务节点停机维护，通话移至另一节点继续',
    'The call moved to another server while its server was stopped',
  ),
  'call.screen_share.started': (d, names) => ({
    what: join(side(d.participant, names), l('开始共享屏幕', 'started sharing the screen'), '', ' '),
  }),
  'call.screen_share.stopped': (d, names) => ({
    what: join(side(d.participant, names), l('停止共享屏幕', 'stopped sharing the screen'), '', ' '),
  }),
  'transfer.requested': (d, names) => {
    const target = d.target as Data | undefined;
    const to =
      target?.kind === 'teller'
        ? names.nameOf(str(target.tellerId))
        : join(serviceName(target?.serviceId), languageName(target?.language), '，', ', ');
    return {
      what: join(
        join(l('请求转接给', 'Transfer asked to'), to, '', ' '),
        quoted(d.reason),
        '，理由',
        ', because ',
      ),
    };
  },
  'transfer.consented': same('客户同意转接', 'The customer agreed to the transfer'),
  'transfer.refused': same('客户拒绝转接', 'The customer refused the transfer'),
  'transfer.cancelled': same('转接已取消', 'Transfer cancelled'),
  'transfer.completed': (d, names) => ({
    what: l(
      `转接完成：${names.nameOf(str(d.fromTellerId))['zh-CN']}转给${names.nameOf(str(d.toTellerId))['zh-CN']}`,
      `Transfer completed: from ${names.nameOf(str(d.fromTellerId)).en} to ${names.nameOf(str(d.toTellerId)).en}`,
    ),
  }),
  'service.step_pushed': ofStep('展示步骤', 'Step shown'),
  'service.step_submitted': ofStep('客户已填写', 'The customer answered'),
  'service.step_confirmed': ofStep('步骤已确认', 'Step confirmed'),
  'service.step_correction_requested': (d, names) => ({
    what: join(
      join(l('要求更正', 'Correction asked'), stepTitle(names, d.stepId)),
      quoted(d.message),
      '，',
      ', ',
    ),
  }),
  'service.withdrawn': same('客户撤回业务', 'The customer withdrew'),
  'service.document_uploaded': (d) => ({
    what: join(l('文件已上传', 'Document uploaded'), word(MEDIA_TYPES, d.mediaType)),
    hashes: hash(l('上传文件', 'Uploaded document'), d.sha256),
  }),
  'service.signature_requested': (d) => ({
    what: l('请求客户签名', 'Signature asked of the customer'),
    hashes: hash(l('签署内容摘要', 'Signed summary'), d.summaryHash),
  }),
  'service.signature_captured': (d) => {
    const points = num(d.pointCount) ?? 0;
    const seconds = (num(d.durationMs) ?? 0) / 1000;
    return {
      what: l(
        `客户已签名（${points} 个笔迹点，${seconds.toFixed(1)} 秒）`,
        `The customer signed (${points} pen points, ${seconds.toFixed(1)} s)`,
      ),
      hashes: [
        ...hash(l('签署内容摘要', 'Signed summary'), d.summaryHash),
        ...hash(l('签名图像', 'Signature image'), d.imageSha256),
      ],
    };
  },
  'service.completed': same('业务办理完成', 'Service completed'),
  'service.rated': (d) => ({
    what: l(
      `客户评分：${num(d.score) ?? '—'} / 5`,
      `The customer rated the service ${num(d.score) ?? '—'} / 5`,
    ),
  }),
  'record.downloaded': same('业务记录已下载', 'Record downloaded'),
  'record.access_denied': same('拒绝下载业务记录', 'Record download refused'),
  'face.reference.stored': (d) => ({
    // Older events do not say who provided the photo.
    what:
      d.source === undefined
        ? l('参考照片已保存', 'Reference photo stored')
        : l(
            `参考照片已保存（${word(REFERENCE_SOURCE_WORDS, d.source)['zh-CN']}）`,
            `Reference photo stored (${word(REFERENCE_SOURCE_WORDS, d.source).en})`,
          ),
    hashes: hash(l('参考照片', 'Reference photo'), d.sha256),
  }),
  'face.check.started': (d) => {
    const steps = Array.isArray(d.challenge) ? d.challenge.map((c) => word(CHALLENGES, c)) : [];
    const attempt = num(d.attempt);
    return {
      what: l(
        `人脸核验开始${attempt === undefined ? '' : `（第 ${attempt} 次）`}：${list(steps)['zh-CN']}`,
        `Face check started${attempt === undefined ? '' : ` (attempt ${attempt})`}: ${list(steps).en}`,
      ),
    };
  },
  'face.check.passed': faceResult(l('人脸核验通过', 'Face check passed')),
  'face.check.failed': faceResult(l('人脸核验未通过', 'Face check failed')),
  'face.check.review': faceResult(l('人脸核验待柜员复核', 'Face check left to the teller')),
  'face.review.decided': (d) => ({
    what:
      d.decision === 'pass'
        ? l('柜员复核：通过', 'Teller’s review: passed')
        : l('柜员复核：未通过', 'Teller’s review: failed'),
  }),
  'face.attempts.exhausted': (d) => ({
    what: l(
      `人脸核验次数已用完（${num(d.max) ?? '—'} 次）`,
      `Face check attempts used up (${num(d.max) ?? '—'})`,
    ),
  }),
  'chat.message': (d) => ({ what: join(l('聊天消息', 'Chat message'), quoted(d.text)) }),
  // The file's name, as its sender gave it, goes with its hash in the appendix: words here are the record's own.
  'chat.file': (d) => {
    const named = str(d.fileName) === '' ? '' : ` ${str(d.fileName)}`;
    return {
      what: join(l('聊天中发送文件', 'File sent in the chat'), word(MEDIA_TYPES, d.mediaType)),
      hashes: hash(l(`聊天文件${named}`, `Chat file${named}`), d.sha256),
    };
  },
  'location.ip_country': (d) => ({ what: ipCountryWording(d) }),
  'location.browser': (d) => ({ what: browserLocationWording(d) }),
  // Listening in and whispering never reach the record (`shownToCustomer`); only a barge is worded.
  'supervisor.listening': same('主管旁听', 'A supervisor listened in'),
  'supervisor.whispering': same('主管向柜员耳语', 'A supervisor spoke to the teller only'),
  'supervisor.barged_in': same('主管加入通话', 'A supervisor joined the call'),
  'supervisor.left': same('主管离开通话', 'The supervisor left the call'),
  'recording.failed': same('录制出错，通话继续', 'Recording failed; the call went on'),
};

/**
 * The call's timeline as the record prints it: who by name, what in words,
 * hashes kept aside. The record is the customer's copy too (it downloads the
 * same signed PDF), so what the customer may not see is left out of it.
 */
export function recordTimeline(entries: readonly TimelineEntry[], names: TimelineNames): RecordEvent[] {
  return entries.filter(shownToCustomer).map((entry) => {
    const type = callEventTypeOf(entry.type);
    const wording = type ? WORDING[type](entry.data, names) : { what: l('其他事件', 'Other event') };
    return {
      at: entry.at,
      who: names.nameOf(entry.actor),
      what: wording.what,
      ...(wording.hashes?.length ? { hashes: wording.hashes } : {}),
    };
  });
}
