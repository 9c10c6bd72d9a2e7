import { describe, expect, it } from 'vitest';
import { CALL_EVENT_TYPES } from '../../../shared/contracts/call-events.js';
import { CALL_EVENT_EXAMPLES } from '../../../test/support/call-event-examples.js';
import { recordTimeline } from './record-timeline.js';

const names = {
  serviceId: 'surrender',
  nameOf: (actor: string) =>
    actor === 'customer' ? { 'zh-CN': '张三丰', en: '张三丰' } : { 'zh-CN': '李小红', en: '李小红' },
};
const everyType = CALL_EVENT_TYPES.map((type, i) => ({
  at: i,
  actor: 'customer',
  type,
  data: CALL_EVENT_EXAMPLES[type] as Record<string, unknown>,
}));

describe('the record’s timeline wording', () => {
  it('words every event type in both languages without codes, ids or long decimals', () => {
    for (const event of recordTimeline(everyType, names)) {
      for (const text of [event.what['zh-CN'], event.what.en]) {
        // A long decimal, not a dotted IPv4 address (the customer's address is printed as it is).
        expect(text).not.toMatch(/[a-z]+_[a-z]+|\b[a-z]+\.[a-z]+\b|(?<![\d.])\d\.\d{3,}(?![\d.])/);
        expect(text).not.toMatch(/\b(u1|u2|t1|fc-1|ref-1)\b/);
      }
      // Chinese copy: no ASCII punctuation between Chinese characters.
      expect(event.what['zh-CN']).not.toMatch(/[\u4e00-\u9fff][,:;()][\u4e00-\u9fff]?/);
    }
  });

  it('says who provided a reference photo, a customer’s own marked as such', () => {
    const [stored] = recordTimeline(
      [
        {
          at: 1,
          actor: 'customer',
          type: 'face.reference.stored',
          data: CALL_EVENT_EXAMPLES['face.reference.stored'],
        },
      ],
      names,
    );
    expect(stored!.what).toEqual({
      'zh-CN': '参考照片已保存（客户自行提供）',
      en: 'Reference photo stored (Customer-provided)',
    });
  });

  it('leaves a supervisor listening in or whispering out of the record the customer downloads; a barge stays', () => {
    const supervisor = (type: string, data: Record<string, unknown>, at: number) => ({
      at,
      actor: 'sup-1',
      type,
      data: { supervisorId: 'sup-1', ...data },
    });
    const printed = recordTimeline(
      [
        supervisor('supervisor.listening', {}, 1),
        supervisor('supervisor.left', { mode: 'listen' }, 2),
        supervisor('supervisor.whispering', {}, 3),
        supervisor('supervisor.left', { mode: 'whisper' }, 4),
        supervisor('supervisor.barged_in', {}, 5),
        supervisor('supervisor.left', { mode: 'barge' }, 6),
      ],
      names,
    );
    expect(printed.map((e) => [e.at, e.what.en])).toEqual([
      [5, 'A supervisor joined the call'],
      [6, 'The supervisor left the call'],
    ]);
  });

  it('keeps hashes aside for the appendix and names people by name', () => {
    const [ended, passed] = recordTimeline(
      [
        { at: 1, actor: 'system', type: 'call.ended', data: { reason: 'teller_hung_up' } },
        {
          at: 2,
          actor: 'system',
          type: 'face.check.failed',
          data: { ...CALL_EVENT_EXAMPLES['face.check.failed'], distance: 0.32444500470589893 },
        },
      ],
      names,
    );
    expect(ended!.what).toEqual({ 'zh-CN': '通话结束：柜员挂断', en: 'Call ended: the teller hung up' });
    expect(passed!.what['zh-CN']).toBe('人脸核验未通过，相似距离 0.32（通过线 0.50）');
    expect(passed!.hashes).toEqual([
      { label: { 'zh-CN': '核验帧 1', en: 'Check frame 1' }, sha256: 'e'.repeat(64) },
    ]);
  });

  it('quotes a chat message as written and lists a chat file by its hash and name', () => {
    const [message, file] = recordTimeline(
      [
        { at: 1, actor: 'customer', type: 'chat.message', data: CALL_EVENT_EXAMPLES['chat.message'] },
        { at: 2, actor: 'u1', type: 'chat.file', data: CALL_EVENT_EXAMPLES['chat.file'] },
      ],
      names,
    );
    expect(message!.what.en).toBe('Chat message: “<img src=x onerror=alert(1)> 你好”');
    expect(file!.what).toEqual({
      'zh-CN': '聊天中发送文件：PDF 文件',
      en: 'File sent in the chat: PDF file',
    });
    expect(file!.hashes).toEqual([
      { label: { 'zh-CN': '聊天文件 statement.pdf', en: 'Chat file statement.pdf' }, sha256: 'c'.repeat(64) },
    ]);
  });

  it('adds a face check’s passive signals as advisory figures', () => {
    const [review] = recordTimeline(
      [{ at: 1, actor: 'system', type: 'face.check.review', data: CALL_EVENT_EXAMPLES['face.check.review'] }],
      names,
    );
    expect(review!.what['zh-CN']).toBe(
      '人脸核验待柜员复核，相似距离 0.41（通过线 0.50）；被动防伪信号（仅供参考，未计入结果）：防伪 0.67，活体 —',
    );
    expect(review!.what.en).toContain(
      '; passive signals (advisory, not part of the result): anti-spoofing 0.67, liveness —',
    );
  });

  it('reads a former type name as today’s and an unknown type as an other event', () => {
    const [former, unknown] = recordTimeline(
      [
        { at: 1, actor: 'customer', type: 'service.service_completed', data: {} },
        { at: 2, actor: 'customer', type: 'something.new', data: {} },
      ],
      names,
    );
    expect(former!.what.en).toBe('Service completed');
    expect(unknown!.what).toEqual({ 'zh-CN': '其他事件', en: 'Other event' });
  });
});
