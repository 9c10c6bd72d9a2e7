import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../platform/config.js';
import { readCertificatePem } from '../platform/pem-file.js';
import { readSecretFile } from '../platform/secrets.js';
import { describeSource, type ChainSource } from './audit-source.js';

/**
 * For the operator's commands: the configured database (PostgreSQL with
 * SKYTELLER_DATABASE_URL, else the data folder's SQLite file) and audit key,
 * or undefined after printing why not (as JSON, the commands' output format).
 * Neither is ever created here. With them, the TSA certificate if one is set.
 */
export function openAuditFiles():
  | { config: Config; source: ChainSource; database: string; key: Buffer; tsaCertPem: string | undefined }
  | undefined {
  const fail = (code: string, message: string) => {
    console.error(JSON.stringify({ error: { code, message } }));
    return undefined;
  };
  try {
    const config = loadConfig();
    const dbFile = path.join(config.dataDir, 'skyteller.db');
    if (config.databaseUrl === undefined && !fs.existsSync(dbFile))
      return fail('not_found', `${dbFile}: no such database`);
    const source: ChainSource =
      config.databaseUrl === undefined ? { sqliteFile: dbFile } : { databaseUrl: config.databaseUrl };
    const key = readSecretFile(config.secretFiles.auditKeyFile, 'SKYTELLER_AUDIT_KEY_FILE', false);
    const tsaCertPem = config.tsaCertFile
      ? readCertificatePem(config.tsaCertFile, 'SKYTELLER_TSA_CERT')
      : undefined;
    return { config, source, database: describeSource(source), key, tsaCertPem };
  } catch (error) {
    return fail('invalid_config', (error as Error).message);
  }
}
