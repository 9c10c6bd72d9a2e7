/**
 * `npm run staff -- add USERNAME --role ROLE --name "DISPLAY NAME" [--services a,b] [--languages cmn,en]`:
 * creates a staff account in the configured data folder's database (SKYTELLER_DATA_DIR)
 * and prints `{ "username": …, "oneTimePassword": … }`. The password must be changed at
 * the first sign-in. This is how a production deployment, which has no demo accounts,
 * gets its first administrator. Exit codes: 0 created, 1 refused (e.g. the username is
 * taken), 2 usage error.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createStaffAccountSchema } from '../../../shared/contracts/admin.js';
import { toFieldIssues } from '../../../shared/contracts/errors.js';
import { AuditStore, AuditTrail } from '../../audit/index.js';
import { loadConfig } from '../../platform/config.js';
import { openSharedDatabase } from '../../platform/database/shared-database.js';
import { loadSecrets } from '../../platform/secrets.js';
import { AppError } from '../../platform/errors.js';
import { TellerStore } from '../../queue/index.js';
import { UserStore } from '../user-store.js';
import { StaffAdmin } from './staff-admin.js';

const USAGE =
  'usage: npm run staff -- add USERNAME --role teller|supervisor|auditor|admin --name "DISPLAY NAME" [--services a,b] [--languages cmn,en]';

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function fail(code: string, message: string, extra: object = {}): number {
  console.error(JSON.stringify({ error: { code, message, ...extra } }));
  return code === 'invalid_payload' ? 2 : 1;
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        role: { type: 'string' },
        name: { type: 'string' },
        services: { type: 'string' },
        languages: { type: 'string' },
      },
    });
  } catch (error) {
    console.error(USAGE);
    return fail('invalid_payload', (error as Error).message);
  }
  const [command, username, ...rest] = parsed.positionals;
  if (command !== 'add' || !username || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const { role, name, services, languages } = parsed.values;
  const request = createStaffAccountSchema.safeParse({
    username,
    displayName: name,
    role,
    ...(services !== undefined || languages !== undefined
      ? { teller: { services: list(services) ?? [], languages: list(languages) ?? ['cmn'] } }
      : {}),
  });
  if (!request.success) {
    console.error(USAGE);
    return fail('invalid_payload', 'invalid arguments', { issues: toFieldIssues(request.error) });
  }

  const config = loadConfig();
  // The accounts and the audit chain are where the server keeps them: PostgreSQL with
  // SKYTELLER_DATABASE_URL (no SQLite file then), else the data folder's SQLite file.
  const database = await openSharedDatabase({
    databaseUrl: config.databaseUrl,
    sqlite: path.join(config.dataDir, 'skyteller.db'),
  });
  try {
    const admin = new StaffAdmin({
      users: new UserStore(database.kysely),
      tellers: new TellerStore(database.kysely),
      // The chain's entries are keyed: the CLI writes with the server's audit key.
      audit: new AuditTrail(
        new AuditStore(
          database.kysely,
          loadSecrets(config.secretFiles, config.env !== 'production').auditKey,
        ),
      ),
      clock: Date.now,
      // Creating ends nothing; a running server finds the new account at its first sign-in.
      endSessions: () => Promise.resolve(),
      // Resetting a second factor is the console's (a running server's) to do.
      resetSecondFactor: () => Promise.resolve(),
      onTellerProfileChanged: () => undefined,
    });
    const { account, oneTimePassword } = await admin.create({ cli: true }, request.data);
    console.log(JSON.stringify({ username: account.username, oneTimePassword }, null, 2));
    return 0;
  } catch (error) {
    if (error instanceof AppError) return fail(error.code, error.message);
    throw error;
  } finally {
    await database.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
