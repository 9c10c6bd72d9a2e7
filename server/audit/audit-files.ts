import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../platform/config.js';
import { readCertificatePem } from '../platform/pem-file.js';
import { readSecretFile } from '../platform/secrets.js';

/**
 * For the operator's commands: the configured database and audit key, or
 * undefined after printing why not (as JSON, the commands' output format).
 * Neither is ever created here. With them, the TSA certificate if one is set.
 */
export function openAuditFiles():
  | { config: Config; dbFile: string; key: Buffer; tsaCertPem: string | undefined }
  | undefined {
  const fail = (code: string, message: string) => {
    console.error(JSON.stringify({ error: { code, message } }));
    return undefined;
  };
  try {
    const config = loadConfig();
    const dbFile = path.join(config.dataDir, 'skyteller.db');
    if (!fs.existsSync(dbFile)) return fail('not_found', `${dbFile}: no such database`);
    const key = readSecretFile(config.secretFiles.auditKeyFile, 'SKYTELLER_AUDIT_KEY_FILE', false);
    const tsaCertPem = config.tsaCertFile
      ? readCertificatePem(config.tsaCertFile, 'SKYTELLER_TSA_CERT')
      : undefined;
    return { config, dbFile, key, tsaCertPem };
  } catch (error) {
    return fail('invalid_config', (error as Error).message);
  }
}
