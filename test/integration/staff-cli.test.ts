import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../server/identity/index.js';
import type { LoginResponse } from '../../shared/contracts/auth.js';
import { httpRequest } from '../support/clients.js';
import { productionEnv } from '../support/production-env.js';
import { DEMO_PASSWORD, startTestServer, testEnv, type TestServer } from '../support/test-server.js';

const run = promisify(execFile);
let server: TestServer | undefined;

afterAll(async () => {
  await server?.close();
});

describe('npm run staff -- add, in production mode', () => {
  it('creates the first admin of a deployment that has no demo accounts', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-prod-'));
    const env = productionEnv(dataDir);
    server = await startTestServer(env, { dataDir });
    expect(server.config.env).toBe('production');
    expect(server.demoAccountsCreated).toBe(false);
    expect(await server.kysely.selectFrom('users').select('id').execute()).toEqual([]);
    const signIn = (username: string, password: string) =>
      httpRequest<LoginResponse>(server!, 'POST', '/api/auth/login', { json: { username, password } });
    for (const demo of DEMO_ACCOUNTS) expect((await signIn(demo.username, DEMO_PASSWORD)).status).toBe(401);

    const { stdout } = await run(
      'npm',
      ['run', '-s', 'staff', '--', 'add', 'boss', '--role', 'admin', '--name', 'Boss 行长'],
      {
        env: { ...process.env, ...testEnv(dataDir), ...env },
      },
    );
    const printed = JSON.parse(stdout) as Record<string, string>;
    expect(Object.keys(printed).sort()).toEqual(['oneTimePassword', 'username']);
    expect(printed.username).toBe('boss');

    const signedIn = await signIn('boss', printed.oneTimePassword!);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user).toMatchObject({ username: 'boss', displayName: 'Boss 行长', role: 'admin' });
    const account = await server.kysely
      .selectFrom('users')
      .select(['must_change_password', 'disabled_at'])
      .where('username', '=', 'boss')
      .executeTakeFirst();
    expect(account).toEqual({ must_change_password: 1, disabled_at: null });
    const entry = await server.kysely
      .selectFrom('audit_log')
      .select(['actor_username', 'details'])
      .where('action', '=', 'staff.created')
      .executeTakeFirstOrThrow();
    expect(entry.actor_username).toBe('cli');
    expect(JSON.parse(entry.details)).toMatchObject({ username: 'boss', role: 'admin', via: 'cli' });

    // The same username again is refused, with a stable code and nothing changed.
    const again = await run(
      'npm',
      ['run', '-s', 'staff', '--', 'add', 'boss', '--role', 'auditor', '--name', 'X'],
      {
        env: { ...process.env, ...testEnv(dataDir), ...env },
      },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(again).toMatchObject({ code: 1 });
    expect((again as { stderr: string }).stderr).toContain('"code":"conflict"');
  }, 60_000);
});
