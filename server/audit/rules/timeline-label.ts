import type { Label } from '../../../shared/catalog/fields.js';
import { findService } from '../../../shared/catalog/services.js';
import { callEventTypeOf, type CallEventType } from '../../../shared/contracts/call-events.js';

export interface LabelledEvent {
  /** As stored: a former name reads as today's. */
  type: string;
  data: Record<string, unknown>;
}

/**
 * The data is read field by field, not through the type's schema: the
 * timeline may be an old manifest's or old rows', written before the schemas.
 */
type Labeller = (data: Record<string, unknown>, step: Label) => Label;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const same = (zh: string, en: string) => (): Label => ({ 'zh-CN': zh, en });
const side = (participant: unknown): Label =>
  text(participant).startsWith('teller')
    ? { 'zh-CN': '柜员', en: 'Teller' }
    : { 'zh-CN': '客户', en: 'Customer' };
const withReason = (what: Label, reason: unknown): Label =>
  text(reason) ? { 'zh-CN': `${what['zh-CN']}:${text(reason)}`, en: `${what.en}: ${text(reason)}` } : what;
const ofStep = (zh: string, en: string, step: Label): Label => ({
  'zh-CN': `${zh}:${step['zh-CN']}`,
  en: `${en}: ${step.en}`,
});

/** The auditor's marker text of every call event type, in both languages; a new type must have one. */
const LABELS: Record<CallEventType, Labeller> = {
  'consent.recording': same('客户同意录音录像', 'Customer consented to recording'),
  'queue.joined': same('客户开始排队', 'Customer joined the queue'),
  'queue.left': same('客户退出排队', 'Customer left the queue'),
  'queue.abandoned': same('客户离开,排队作废', 'Customer gone from the queue'),
  'call.started': same('通话开始', 'Call started'),
  'call.ended': (d) => withReason({ 'zh-CN': '通话结束', en: 'Call ended' }, d.reason),
  'call.participant.left': (d) => {
    const who = side(d.participant);
    return { 'zh-CN': `${who['zh-CN']}离开`, en: `${who.en} left` };
  },
  'call.participant.rejoined': (d) => {
    const who = side(d.participant);
    return { 'zh-CN': `${who['zh-CN']}重新加入`, en: `${who.en} rejoined` };
  },
  'transfer.requested': (d) => withReason({ 'zh-CN': '请求转接', en: 'Transfer requested' }, d.reason),
  'transfer.consented': same('客户同意转接', 'Customer agreed to the transfer'),
  'transfer.refused': same('客户拒绝转接', 'Customer refused the transfer'),
  'transfer.cancelled': same('转接已取消', 'Transfer cancelled'),
  'transfer.completed': same('转接完成', 'Transfer completed'),
  'service.step_pushed': (_d, step) => ofStep('展示步骤', 'Step shown', step),
  'service.step_submitted': (_d, step) => ofStep('客户已填写', 'Customer answered', step),
  'service.step_confirmed': (_d, step) => ofStep('步骤已确认', 'Step confirmed', step),
  'service.step_correction_requested': (_d, step) => ofStep('要求更正', 'Correction asked', step),
  'service.withdrawn': same('业务已撤回', 'Service withdrawn'),
  'service.document_uploaded': same('文件已上传', 'Document uploaded'),
  'service.signature_requested': same('请求签名', 'Signature requested'),
  'service.signature_captured': same('客户已签名', 'Customer signed'),
  'service.completed': same('业务办理完成', 'Service completed'),
  'service.rated': same('客户已评价', 'Customer rated the service'),
  'record.downloaded': same('业务记录已下载', 'Record downloaded'),
  'record.access_denied': same('拒绝下载业务记录', 'Record download refused'),
  'face.reference.stored': same('参考照片已保存', 'Reference photo stored'),
  'face.check.started': same('人脸核验开始', 'Face check started'),
  'face.check.passed': same('人脸核验通过', 'Face check passed'),
  'face.check.failed': same('人脸核验未通过', 'Face check failed'),
  'face.check.review': same('人脸核验待复核', 'Face check needs review'),
  'face.review.decided': (d) =>
    withReason({ 'zh-CN': '人脸复核决定', en: 'Face review decided' }, d.decision),
  'face.attempts.exhausted': same('人脸核验次数已用完', 'Face check attempts used up'),
  'recording.failed': same('录制出错', 'Recording failed'),
};

/** A type this version does not know still reads: `recording.segment_started` → `Recording segment started`. */
function fromType(type: string): Label {
  const words = type.replace(/[._]+/g, ' ').trim();
  const text = words.charAt(0).toUpperCase() + words.slice(1);
  return { 'zh-CN': text, en: text };
}

/** The step's title in the call's service, or its id. */
function stepTitle(serviceId: string, stepId: unknown): Label {
  const step = findService(serviceId)?.steps.find((s) => s.id === stepId);
  return step?.title ?? { 'zh-CN': text(stepId), en: text(stepId) };
}

/** The short text of a timeline marker, in both languages. */
export function timelineLabel(event: LabelledEvent, serviceId: string): Label {
  const type = callEventTypeOf(event.type);
  return type ? LABELS[type](event.data, stepTitle(serviceId, event.data.stepId)) : fromType(event.type);
}
