import crypto from 'node:crypto';
import type { StaffRole } from '../../shared/contracts/auth.js';
import { hashPassword } from '../../server/identity/passwords.js';
import { TellerStore, type TellerProfile } from '../../server/queue/teller-store.js';
import { UserStore } from '../../server/identity/user-store.js';
import { connect, login, request, type TestSocket } from './clients.js';
import { DEMO_PASSWORD, type TestServer } from './test-server.js';

/** Creates a teller with the given skills and languages (password DEMO_PASSWORD) and returns its id. */
export async function addTeller(
  server: TestServer,
  username: string,
  profile: TellerProfile,
): Promise<string> {
  const id = crypto.randomUUID();
  await new UserStore(server.kysely).insert(
    {
      id,
      username,
      displayName: `Teller ${username}`,
      role: 'teller',
      passwordHash: await hashPassword(DEMO_PASSWORD),
    },
    Date.now(),
  );
  await new TellerStore(server.kysely).setProfile(id, profile);
  return id;
}

/**
 * Creates a staff account that is not a demo one (so nothing is exempt for it)
 * and returns its id; with `oneTimePassword` its first sign-in must set a new one.
 */
export async function addStaffAccount(
  server: TestServer,
  account: { username: string; role: StaffRole; password: string; oneTimePassword?: boolean },
): Promise<string> {
  const id = crypto.randomUUID();
  const users = new UserStore(server.kysely);
  const passwordHash = await hashPassword(account.password);
  await users.insert(
    {
      id,
      username: account.username,
      displayName: `Staff ${account.username}`,
      role: account.role,
      passwordHash,
    },
    Date.now(),
  );
  await users.setPassword(id, passwordHash, account.oneTimePassword === true);
  return id;
}

/** Logs a teller in, connects its desk and, unless told otherwise, makes it available. */
export async function tellerAtDesk(
  server: { url: string; ca: string },
  username: string,
  status: 'available' | 'away' = 'available',
): Promise<{ socket: TestSocket; tellerId: string }> {
  const { token, user } = await login(server, username);
  const socket = await connect(server, { token });
  await request(socket, 'teller:setStatus', { status });
  return { socket, tellerId: user.id };
}
