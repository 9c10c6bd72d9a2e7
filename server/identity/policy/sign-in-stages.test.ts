import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STAFF_ROLES } from '../../../shared/contracts/auth.js';
import {
  needsSecondFactor,
  stageAfterPassword,
  stageAfterPasswordChange,
  type SignInFacts,
} from './sign-in-stages.js';

const facts = fc.record<SignInFacts>({
  role: fc.constantFrom(...STAFF_ROLES),
  mustChangePassword: fc.boolean(),
  secondFactorRequired: fc.boolean(),
  secondFactorEnrolled: fc.boolean(),
  exempt: fc.boolean(),
});

describe('sign-in stages', () => {
  it('asks a one-time password to be replaced first, then the second factor where one is due', () => {
    const base = {
      role: 'supervisor',
      mustChangePassword: true,
      secondFactorRequired: false,
      secondFactorEnrolled: false,
      exempt: false,
    } as const;
    expect(stageAfterPassword(base)).toBe('change_password');
    expect(stageAfterPasswordChange(base)).toBe('enrol_second_factor');
    expect(stageAfterPassword({ ...base, mustChangePassword: false, secondFactorEnrolled: true })).toBe(
      'second_factor',
    );
    expect(stageAfterPassword({ ...base, role: 'teller', mustChangePassword: false })).toBe('signed_in');
    expect(
      stageAfterPassword({ ...base, role: 'teller', mustChangePassword: false, secondFactorRequired: true }),
    ).toBe('enrol_second_factor');
  });

  it('requires a second factor of supervisors, auditors and admins, never of an exempt demo account', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const stage = stageAfterPassword(f);
        if (f.exempt) return stage === 'signed_in';
        if (f.mustChangePassword) return stage === 'change_password';
        const due = f.role !== 'teller' || f.secondFactorRequired || f.secondFactorEnrolled;
        return needsSecondFactor(f) === due && (stage === 'signed_in') === !due;
      }),
    );
  });
});
