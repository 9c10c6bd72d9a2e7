import { z } from 'zod';
import type { QuickReply } from '../../../shared/contracts/chat.js';
import { MAX_CHAT_TEXT_CHARS } from '../../../shared/contracts/chat.js';

export const MAX_QUICK_REPLIES = 50;
const MAX_QUICK_REPLY_CHARS = 500;

const replyText = z.string().trim().min(1).max(Math.min(MAX_QUICK_REPLY_CHARS, MAX_CHAT_TEXT_CHARS));
const quickRepliesSchema = z
  .array(
    z.strictObject({
      id: z.string().regex(/^[a-z0-9_-]{1,40}$/),
      'zh-CN': replyText,
      en: replyText,
    }),
  )
  .min(1)
  .max(MAX_QUICK_REPLIES)
  .refine((replies) => new Set(replies.map((r) => r.id)).size === replies.length, 'ids must differ');

/** What a teller often writes, in both languages; SKYTELLER_CHAT_QUICK_REPLIES replaces the list. */
export const DEFAULT_QUICK_REPLIES: readonly QuickReply[] = [
  { id: 'greeting', 'zh-CN': '您好，很高兴为您服务。', en: 'Hello, happy to help you today.' },
  { id: 'wait', 'zh-CN': '请稍候，我正在为您查询。', en: 'One moment, please; I am looking into it.' },
  {
    id: 'cannot-hear',
    'zh-CN': '我听不清您的声音，请检查麦克风，或在这里打字。',
    en: 'I cannot hear you well. Please check your microphone, or type here.',
  },
  {
    id: 'send-document',
    'zh-CN': '请通过聊天窗口发送文件（PDF、JPEG 或 PNG）。',
    en: 'Please send the document through this chat (PDF, JPEG or PNG).',
  },
  { id: 'thanks', 'zh-CN': '感谢您的耐心等待。', en: 'Thank you for your patience.' },
];

/** The quick replies a JSON file holds; throws, saying what is wrong, when it is not a valid list. */
export function parseQuickReplies(json: string): QuickReply[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('quick replies: not JSON');
  }
  const parsed = quickRepliesSchema.safeParse(value);
  if (!parsed.success) throw new Error(`quick replies: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
