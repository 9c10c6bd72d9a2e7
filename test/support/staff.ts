import crypto from 'node:crypto';
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
  new UserStore(server.db).insert(
    {
      id,
      username,
      displayName: `Teller ${username}`,
      role: 'teller',
      passwordHash: await hashPassword(DEMO_PASSWORD),
    },
    Date.now(),
  );
  new TellerStore(server.db).setProfile(id, profile);
  return id;
}

/** Logs a teller in, connects its desk and, unless told otherwise, makes it available. */
export async function tellerAtDesk(
  server: TestServer,
  username: string,
  status: 'available' | 'away' = 'available',
): Promise<{ socket: TestSocket; tellerId: string }> {
  const { token, user } = await login(server, username);
  const socket = await connect(server, { token });
  await request(socket, 'teller:setStatus', { status });
  return { socket, tellerId: user.id };
}
