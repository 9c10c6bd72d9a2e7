import { describe, expect, it } from 'vitest';
import { maskName } from './person-name.js';

describe('maskName', () => {
  it('keeps the first character of each word', () => {
    expect(maskName('王小明')).toBe('王**');
    expect(maskName('  Ann   Lee ')).toBe('A** L**');
    expect(maskName('Chan Tai Man')).toBe('C*** T** M**');
  });

  it('shows nothing of a one-character word', () => {
    expect(maskName('王')).toBe('*');
    expect(maskName('Li X')).toBe('L* *');
  });
});
