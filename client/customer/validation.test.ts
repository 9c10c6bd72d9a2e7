import { describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../shared/domain/resident-id.js';
import { fieldForPath, residentIdProblem, validateTicketRequest } from './validation.js';

const first17 = '11010519900307123';
const validId = first17 + residentIdCheckChar(first17);
const wrongCheck = first17 + (validId.endsWith('0') ? '1' : '0');

const request = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  fullName: '张三',
  idType: 'cn-resident',
  idNumber: validId,
  phone: '13800138000',
  serviceId: 'consultation',
  language: 'cmn',
  uiLocale: 'zh-CN',
  consentRecording: true,
  ...overrides,
});

describe('residentIdProblem', () => {
  it('reports each problem with the server code', () => {
    expect(residentIdProblem('cn-resident', validId)).toBeNull();
    expect(residentIdProblem('cn-resident', '12345')).toBe('id_format');
    expect(residentIdProblem('cn-resident', '110105' + '19901332' + '1234')).toBe('id_birth_date');
    expect(residentIdProblem('cn-resident', wrongCheck)).toBe('id_checksum');
  });

  it('leaves other ID types and empty input alone', () => {
    expect(residentIdProblem('passport', 'E12345678')).toBeNull();
    expect(residentIdProblem('cn-resident', '  ')).toBeNull();
  });
});

describe('validateTicketRequest', () => {
  it('accepts a complete request', () => {
    expect(validateTicketRequest(request()).size).toBe(0);
  });

  it('maps every problem to its form field', () => {
    const problems = validateTicketRequest(
      request({ fullName: '', phone: 'abc', idNumber: wrongCheck, consentRecording: false }),
    );
    expect(Object.fromEntries(problems)).toEqual({
      fullName: 'required',
      phone: 'phone_format',
      idNumber: 'id_checksum',
      consentRecording: 'consent_required',
    });
  });

  it('names the service select after the request path', () => {
    expect(fieldForPath('serviceId')).toBe('service');
    expect(fieldForPath('nonsense')).toBeNull();
  });
});
