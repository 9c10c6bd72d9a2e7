import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CHAT_TEXT_CHARS } from '../../../shared/contracts/chat.js';
import { cleanChatText } from './chat-text.js';

describe('cleanChatText', () => {
  it('keeps markup as written: it is text, never HTML', () => {
    expect(cleanChatText('<img src=x onerror=alert(1)>')).toEqual({
      ok: true,
      text: '<img src=x onerror=alert(1)>',
    });
  });

  it('trims, makes line breaks LF and drops control and bidirectional characters', () => {
    expect(cleanChatText('  a\r\nb\rc\u0000\u0007\u202e\u2066d\t \n')).toEqual({
      ok: true,
      text: 'a\nb\ncd',
    });
  });

  it('composes to NFC', () => {
    expect(cleanChatText('e\u0301')).toEqual({ ok: true, text: '\u00e9' });
  });

  it('refuses what is empty once cleaned, and what is too long', () => {
    expect(cleanChatText(' \u0000 \n\u202e ')).toEqual({ ok: false, code: 'required' });
    expect(cleanChatText('字'.repeat(MAX_CHAT_TEXT_CHARS + 1))).toEqual({ ok: false, code: 'too_long' });
    expect(cleanChatText('字'.repeat(MAX_CHAT_TEXT_CHARS))).toMatchObject({ ok: true });
  });

  it('never answers text with control characters, edge whitespace or over the limit, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), (raw) => {
        const cleaned = cleanChatText(raw);
        if (!cleaned.ok) return;
        const { text } = cleaned;
        expect(text.length).toBeGreaterThan(0);
        expect(text.length).toBeLessThanOrEqual(MAX_CHAT_TEXT_CHARS);
        // eslint-disable-next-line no-control-regex
        expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
        expect(text).toBe(text.trim());
        expect(cleanChatText(text)).toEqual(cleaned);
      }),
    );
  });
});
