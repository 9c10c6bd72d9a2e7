import { z } from 'zod';

export const STAFF_ROLES = ['teller', 'supervisor', 'auditor', 'admin'] as const;
export const staffRoleSchema = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof staffRoleSchema>;

export const loginRequestSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const staffUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: staffRoleSchema,
});
export type StaffUser = z.infer<typeof staffUserSchema>;

/**
 * What signing in needs next: nothing (`signed_in`), a new password (signed in
 * with a one-time one), the authenticator code, or enrolling an authenticator.
 * The session itself is only ever in the HttpOnly cookie.
 */
export const SIGN_IN_STEPS = [
  'signed_in',
  'change_password',
  'second_factor',
  'enrol_second_factor',
] as const;
export type SignInStep = (typeof SIGN_IN_STEPS)[number];

export const loginResponseSchema = z.object({
  user: staffUserSchema,
  next: z.enum(SIGN_IN_STEPS),
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const changePasswordRequestSchema = z.object({
  /** Needed when already signed in; a session signed in with a one-time password has just given it. */
  currentPassword: z.string().min(1).max(256).optional(),
  newPassword: z.string().min(1).max(256),
});

/** An authenticator's six digits, or one of the recovery codes. */
export const secondFactorRequestSchema = z.object({ code: z.string().trim().min(6).max(32) });

export interface SecondFactorEnrolment {
  /** Base32, to type into an authenticator by hand. */
  secret: string;
  otpauthUri: string;
  /** A PNG data URL of the QR code. */
  qrDataUrl: string;
}

/** Signed in after enrolling: the ten recovery codes, shown this once. */
export interface EnrolmentConfirmed extends LoginResponse {
  recoveryCodes: string[];
}

export const SESSION_COOKIE = 'skyteller_session';
