import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CHAT_FILE_NAME_CHARS } from '../../../shared/contracts/chat.js';
import { chatFileName, checkChatFile } from './chat-file.js';

const bytes = (...parts: (number[] | string)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

describe('checkChatFile', () => {
  it('judges the type from the first bytes', () => {
    expect(checkChatFile(bytes('%PDF-1.7\n'), 100)).toEqual({ ok: true, mediaType: 'application/pdf' });
    expect(checkChatFile(bytes([0xff, 0xd8, 0xff, 0xe0]), 100)).toEqual({
      ok: true,
      mediaType: 'image/jpeg',
    });
    expect(checkChatFile(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 100)).toEqual({
      ok: true,
      mediaType: 'image/png',
    });
  });

  it('refuses other types, empty files and files over the limit with the chat’s codes', () => {
    expect(checkChatFile(bytes('<html><script>'), 100)).toMatchObject({ ok: false, code: 'chat_file_type' });
    expect(checkChatFile(bytes('GIF89a'), 100)).toMatchObject({ ok: false, code: 'chat_file_type' });
    expect(checkChatFile(Buffer.alloc(0), 100)).toMatchObject({ ok: false, code: 'chat_file_type' });
    expect(checkChatFile(bytes('%PDF-', 'x'.repeat(100)), 100)).toMatchObject({
      ok: false,
      code: 'chat_file_too_large',
    });
  });
});

describe('chatFileName', () => {
  it('keeps a name to show, never a path', () => {
    expect(chatFileName('../../etc/passwd')).toBe('....etcpasswd');
    expect(chatFileName('C:\\x\\账单.pdf')).toBe('C:x账单.pdf');
    expect(chatFileName(' \u0000 ')).toBeNull();
    expect(chatFileName(undefined)).toBeNull();
  });

  it('never answers separators, control characters or an over-long name', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (raw) => {
        const name = chatFileName(raw);
        if (name === null) return;
        expect(name.length).toBeLessThanOrEqual(MAX_CHAT_FILE_NAME_CHARS);
        // eslint-disable-next-line no-control-regex
        expect(name).not.toMatch(/[/\\\u0000-\u001f\u007f-\u009f]/);
      }),
    );
  });
});
