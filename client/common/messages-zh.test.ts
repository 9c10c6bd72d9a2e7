import { describe, expect, it } from 'vitest';
import { zhCN } from './messages-zh.js';

/** An ASCII mark right next to a Chinese character: Chinese copy uses ，；：（）？！ there. */
const ASCII_BESIDE_CJK = /[\u3400-\u9fff][,;:()?!]|[,;:()?!][\u3400-\u9fff]/u;

describe('the Chinese catalog', () => {
  it('uses full-width punctuation next to Chinese characters', () => {
    const ascii = Object.entries(zhCN).filter(([, text]) => ASCII_BESIDE_CJK.test(text));
    expect(ascii.map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });
});
