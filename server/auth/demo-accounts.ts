import crypto from 'node:crypto';
import type { StaffRole } from '../../shared/contracts/auth.js';
import type { UsersRepo } from '../store/users-repo.js';
import { hashPassword } from './passwords.js';

export const DEMO_ACCOUNTS: readonly { username: string; displayName: string; role: StaffRole }[] = [
  { username: 'teller1', displayName: 'Teller One 柜员一', role: 'teller' },
  { username: 'teller2', displayName: 'Teller Two 柜员二', role: 'teller' },
  { username: 'supervisor1', displayName: 'Supervisor One 主管', role: 'supervisor' },
  { username: 'auditor1', displayName: 'Auditor One 稽核', role: 'auditor' },
  { username: 'admin1', displayName: 'Admin One 管理员', role: 'admin' },
];

/**
 * On a database with no staff, creates the demo accounts. Returns the password
 * when it was generated (to be printed once), undefined when nothing was created
 * or the configured password was used.
 */
export async function seedDemoAccounts(
  users: UsersRepo,
  configuredPassword: string | undefined,
  now: number,
): Promise<{ created: boolean; generatedPassword: string | undefined }> {
  if (users.count() > 0) return { created: false, generatedPassword: undefined };
  const generated = configuredPassword ? undefined : crypto.randomBytes(9).toString('base64url');
  for (const account of DEMO_ACCOUNTS) {
    const passwordHash = await hashPassword(configuredPassword ?? generated!);
    users.insert({ id: crypto.randomUUID(), ...account, passwordHash }, now);
  }
  return { created: true, generatedPassword: generated };
}
