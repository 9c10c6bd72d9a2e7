import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy.js';

describe('the staff password policy', () => {
  it('refuses fewer than 12 characters, counting characters rather than bytes', () => {
    expect(passwordProblem('Xq7#vLp2!mZ', [])).toBe('too_short');
    expect(passwordProblem('柜员密码柜员密码柜员密', [])).toBe('too_short');
  });

  it('refuses common and guessable passwords, and ones made of the person’s own name', () => {
    for (const common of ['password1234', 'qwertyuiop123', '123456789012', 'iloveyou1234']) {
      expect(passwordProblem(common, [])).toBe('too_weak');
    }
    expect(passwordProblem('zhangwei2024!', ['zhangwei'])).toBe('too_weak');
  });

  it('accepts long passphrases and random passwords', () => {
    expect(passwordProblem('violet-kettle-harbour-47', [])).toBeUndefined();
    expect(passwordProblem('n7#Vq2!pLx9@wR', [])).toBeUndefined();
  });
});
