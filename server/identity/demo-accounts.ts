import crypto from 'node:crypto';
import type { StaffRole } from '../../shared/contracts/auth.js';
import type { UserStore } from './user-store.js';
import type { TellerProfile, TellerStore } from '../queue/index.js';
import { SERVICE_IDS } from '../../shared/catalog/services.js';
import { hashPassword } from './passwords.js';

const EVERY_SERVICE = [...SERVICE_IDS];

export const DEMO_ACCOUNTS: readonly {
  username: string;
  displayName: string;
  role: StaffRole;
  profile?: TellerProfile;
}[] = [
  {
    username: 'teller1',
    displayName: 'Teller One 柜员一',
    role: 'teller',
    profile: { skills: EVERY_SERVICE, languages: ['cmn', 'en'] },
  },
  {
    username: 'teller2',
    displayName: 'Teller Two 柜员二',
    role: 'teller',
    profile: { skills: EVERY_SERVICE, languages: ['cmn', 'yue'] },
  },
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
  users: UserStore,
  tellers: TellerStore,
  configuredPassword: string | undefined,
  now: number,
): Promise<{ created: boolean; generatedPassword: string | undefined }> {
  await ensureDemoProfiles(users, tellers);
  if ((await users.count()) > 0) return { created: false, generatedPassword: undefined };
  const generated = configuredPassword ? undefined : crypto.randomBytes(9).toString('base64url');
  // Hashed before the store's lock is taken: nothing slow runs inside its transaction.
  const accounts = await Promise.all(
    DEMO_ACCOUNTS.map(async ({ username, displayName, role }) => ({
      id: crypto.randomUUID(),
      username,
      displayName,
      role,
      passwordHash: await hashPassword(configuredPassword ?? generated!),
    })),
  );
  if (!(await users.insertIntoEmpty(accounts, now))) return { created: false, generatedPassword: undefined };
  for (const [i, account] of DEMO_ACCOUNTS.entries()) {
    if (account.profile) await tellers.setProfile(accounts[i]!.id, account.profile);
  }
  return { created: true, generatedPassword: generated };
}

/** Demo tellers created before skills existed get theirs; a profile an administrator set is kept. */
async function ensureDemoProfiles(users: UserStore, tellers: TellerStore): Promise<void> {
  for (const account of DEMO_ACCOUNTS) {
    const user = account.profile && (await users.findByUsername(account.username));
    if (user && !(await tellers.hasProfile(user.id))) await tellers.setProfile(user.id, account.profile!);
  }
}
