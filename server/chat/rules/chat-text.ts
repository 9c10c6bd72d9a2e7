import { MAX_CHAT_TEXT_CHARS } from '../../../shared/contracts/chat.js';

export type ChatTextCheck = { ok: true; text: string } | { ok: false; code: 'required' | 'too_long' };

// Control characters other than tab and line feed (C0, DEL, C1), and the bidirectional
// overrides and isolates that make text read differently from what it holds.
// eslint-disable-next-line no-control-regex
const UNWANTED = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A chat message as it is kept and shown: NFC, line breaks as LF, without
 * control characters, trimmed. Markup is left as written: it is plain text,
 * and the pages put it into the DOM as text, so `<b>` shows as `<b>`.
 */
export function cleanChatText(raw: string): ChatTextCheck {
  const text = raw.normalize('NFC').replace(/\r\n?/g, '\n').replace(UNWANTED, '').trim();
  if (text === '') return { ok: false, code: 'required' };
  if (text.length > MAX_CHAT_TEXT_CHARS) return { ok: false, code: 'too_long' };
  return { ok: true, text };
}
