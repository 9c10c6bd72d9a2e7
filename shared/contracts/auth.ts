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

export const loginResponseSchema = z.object({
  user: staffUserSchema,
  /** Also set as an httpOnly cookie; returned for non-browser clients. */
  token: z.string(),
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const SESSION_COOKIE = 'skyteller_session';
