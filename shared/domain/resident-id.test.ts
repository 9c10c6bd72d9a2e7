import { describe, expect, it } from 'vitest';
import { ageOn, maskIdNumber, residentIdCheckChar, validateResidentId } from './resident-id.js';

const TODAY = new Date(Date.UTC(2026, 10, 21));
/** A well-formed ID for a birth date, with its correct check character. */
const idFor = (birth: string, seq = '123'): string => {
  const first17 = `110105${birth}${seq}`;
  return first17 + residentIdCheckChar(first17);
};

describe('validateResidentId', () => {
  it('accepts the standard example with an X check character, in either case', () => {
    expect(validateResidentId('11010519491231002X', TODAY)).toEqual({
      valid: true,
      birthDate: '1949-12-31',
      sex: 'female',
    });
    expect(validateResidentId(' 11010519491231002x ', TODAY).valid).toBe(true);
  });

  it('reads the sex from the sequence digit', () => {
    expect(validateResidentId(idFor('19800101', '011'), TODAY)).toMatchObject({ valid: true, sex: 'male' });
    expect(validateResidentId(idFor('19800101', '012'), TODAY)).toMatchObject({ valid: true, sex: 'female' });
  });

  it('refuses a wrong check character', () => {
    expect(validateResidentId('110105194912310021', TODAY)).toEqual({ valid: false, problem: 'checksum' });
  });

  it('refuses bad formats', () => {
    for (const id of [
      '',
      '1234',
      '01010519491231002X',
      '1101051949123100X2',
      '11010519491231002XX',
      '1101051949123100 2X',
    ]) {
      expect(validateResidentId(id, TODAY)).toEqual({ valid: false, problem: 'format' });
    }
  });

  it('refuses impossible, future and implausibly old birth dates', () => {
    for (const birth of ['19490230', '19491301', '20270101', '18700101', '20230229']) {
      expect(validateResidentId(idFor(birth), TODAY)).toEqual({ valid: false, problem: 'birth_date' });
    }
    expect(validateResidentId(idFor('20240229'), TODAY).valid).toBe(true);
  });
});

describe('ageOn', () => {
  it('counts whole years, turning on the birthday itself', () => {
    expect(ageOn('1961-11-21', TODAY)).toBe(65);
    expect(ageOn('1961-11-22', TODAY)).toBe(64);
    expect(ageOn('2000-02-29', new Date(Date.UTC(2026, 1, 28)))).toBe(25);
  });
});

describe('maskIdNumber', () => {
  it('keeps only the last four characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('**************002X');
    expect(maskIdNumber('AB12')).toBe('AB12');
  });
});
