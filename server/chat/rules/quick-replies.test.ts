import { describe, expect, it } from 'vitest';
import { DEFAULT_QUICK_REPLIES, parseQuickReplies } from './quick-replies.js';

describe('quick replies', () => {
  it('the built-in list is valid, in both languages', () => {
    expect(parseQuickReplies(JSON.stringify(DEFAULT_QUICK_REPLIES))).toEqual(DEFAULT_QUICK_REPLIES);
    for (const reply of DEFAULT_QUICK_REPLIES) expect(reply['zh-CN']).toMatch(/[。？]$/);
  });

  it('reads a configured list', () => {
    const list = [{ id: 'hi', 'zh-CN': '您好。', en: 'Hello.' }];
    expect(parseQuickReplies(JSON.stringify(list))).toEqual(list);
  });

  it('refuses what is not a list of replies, saying why', () => {
    expect(() => parseQuickReplies('not json')).toThrow(/not JSON/);
    expect(() => parseQuickReplies('[]')).toThrow(/quick replies/);
    expect(() => parseQuickReplies('[{"id":"a","zh-CN":"x"}]')).toThrow(/en/);
    const twice = [
      { id: 'a', 'zh-CN': 'x', en: 'x' },
      { id: 'a', 'zh-CN': 'y', en: 'y' },
    ];
    expect(() => parseQuickReplies(JSON.stringify(twice))).toThrow(/differ/);
  });
});
