import type { StaffRole } from '../../../shared/contracts/auth.js';

/**
 * Where a staff session stands. Only `signed_in` is anyone at all to the rest
 * of the server; each other stage may take its one next step and nothing else.
 */
export const SIGN_IN_STAGES = [
  'signed_in',
  // Signed in with a one-time password: may only set a new one.
  'change_password',
  // Password accepted; the authenticator code (or a recovery code) is still due.
  'second_factor',
  // Password accepted; a second factor is required but not enrolled yet.
  'enrol_second_factor',
] as const;
export type SignInStage = (typeof SIGN_IN_STAGES)[number];

/** Roles that must sign in with a second factor; a teller must when an administrator says so. */
const SECOND_FACTOR_ROLES: readonly StaffRole[] = ['supervisor', 'auditor', 'admin'];

export interface SignInFacts {
  role: StaffRole;
  mustChangePassword: boolean;
  /** An administrator's per-person requirement (tellers). */
  secondFactorRequired: boolean;
  secondFactorEnrolled: boolean;
  /** A demo account outside production: the quick start stays one sign-in form. */
  exempt: boolean;
}

export const needsSecondFactor = (facts: SignInFacts): boolean =>
  !facts.exempt &&
  (facts.secondFactorEnrolled || facts.secondFactorRequired || SECOND_FACTOR_ROLES.includes(facts.role));

/** The stage a session starts at once the password was right. */
export function stageAfterPassword(facts: SignInFacts): SignInStage {
  if (facts.mustChangePassword && !facts.exempt) return 'change_password';
  return stageAfterPasswordChange(facts);
}

/** The stage once the password is settled: the second factor, if one is due, else signed in. */
export function stageAfterPasswordChange(facts: SignInFacts): SignInStage {
  if (!needsSecondFactor(facts)) return 'signed_in';
  return facts.secondFactorEnrolled ? 'second_factor' : 'enrol_second_factor';
}

/** Whether a session at `stage` may take the sign-in step `step`. */
export const mayTakeStep = (stage: SignInStage, step: Exclude<SignInStage, 'signed_in'>): boolean =>
  stage === step;
