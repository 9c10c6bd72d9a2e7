import { describe, expect, it } from 'vitest';
import { targetFromValue } from './transfer-dialog.js';

describe('targetFromValue', () => {
  it('reads colleagues and groups', () => {
    expect(targetFromValue('teller:abc-1')).toEqual({ kind: 'teller', tellerId: 'abc-1' });
    expect(targetFromValue('group:consultation:yue')).toEqual({
      kind: 'group',
      serviceId: 'consultation',
      language: 'yue',
    });
  });

  it('refuses the placeholder and unknown services or languages', () => {
    expect(targetFromValue('')).toBeNull();
    expect(targetFromValue('group:nonsense:yue')).toBeNull();
    expect(targetFromValue('group:consultation:xx')).toBeNull();
  });
});
