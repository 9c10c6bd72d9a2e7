import { z } from 'zod';
import { SERVICE_LANGUAGE_IDS } from '../catalog/languages.js';
import { SERVICE_IDS } from '../catalog/services.js';
import { staffRoleSchema, type StaffRole } from './auth.js';

/** What a teller serves: services, and the languages and dialects spoken. */
export const tellerProfileSchema = z.object({
  services: z.array(z.enum(SERVICE_IDS)).max(SERVICE_IDS.length),
  languages: z.array(z.enum(SERVICE_LANGUAGE_IDS)).min(1).max(SERVICE_LANGUAGE_IDS.length),
});
export type TellerProfileInput = z.infer<typeof tellerProfileSchema>;

const displayName = z.string().trim().min(1).max(100);

/** A new account: letters, digits and `. _ -`, as people type them at sign-in. */
export const createStaffAccountSchema = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'code:username_format'),
  displayName,
  role: staffRoleSchema,
  /** For a teller: what it serves. Without it a teller serves nothing until edited. */
  teller: tellerProfileSchema.optional(),
  /** For a teller: ask a second factor at sign-in (the other roles always need one). */
  mfaRequired: z.boolean().optional(),
});
export type CreateStaffAccount = z.infer<typeof createStaffAccountSchema>;

/** An edit changes what it names and leaves the rest. */
export const editStaffAccountSchema = z.object({
  displayName: displayName.optional(),
  role: staffRoleSchema.optional(),
  teller: tellerProfileSchema.optional(),
  mfaRequired: z.boolean().optional(),
});
export type EditStaffAccount = z.infer<typeof editStaffAccountSchema>;

/** A staff account as the administrator's console shows it; never its password hash. */
export interface StaffAccountView {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  createdAt: number;
  disabled: boolean;
  /** Locked after too many wrong passwords, until unlocked. */
  locked: boolean;
  /** Holds a one-time password not yet replaced. */
  mustChangePassword: boolean;
  mfaRequired: boolean;
  /** Tellers only. */
  teller: { services: string[]; languages: string[] } | null;
}

/** A created account or a reset password: the one-time password is shown this once and never stored. */
export interface OneTimePasswordReply {
  account: StaffAccountView;
  oneTimePassword: string;
}

/**
 * What an institution's system may do with an API key. Each scope grants one
 * permission of the access policy (server/identity/policy/api-key-scopes.ts).
 */
export const API_KEY_SCOPES = ['records.verify', 'references.write'] as const;
export const apiKeyScopeSchema = z.enum(API_KEY_SCOPES);
export type ApiKeyScope = z.infer<typeof apiKeyScopeSchema>;

export const issueApiKeySchema = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(apiKeyScopeSchema).min(1).max(API_KEY_SCOPES.length),
});
export type IssueApiKey = z.infer<typeof issueApiKeySchema>;

export interface ApiKeyView {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  /** The key's first characters, to tell keys apart; the key itself is never shown again. */
  hint: string;
  createdAt: number;
  createdBy: string;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** A newly issued key: `key` is shown this once; the server keeps only its hash. */
export interface IssuedApiKey {
  apiKey: ApiKeyView;
  key: string;
}
