import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The server's keys, each read from a file of its own so that a copy of the database holds none. */
export interface Secrets {
  /** Signs customers' ticket tokens and keys staff session ids. */
  sessionKey: Buffer;
  /** Keys the audit chain's HMACs. */
  auditKey: Buffer;
}

export class SecretFileError extends Error {
  readonly code = 'invalid_secret_file';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'SecretFileError';
  }
}

const MIN_KEY_BYTES = 32;

/**
 * Reads a base64 key of at least 32 bytes from `file`. Outside production a missing
 * file is created (0600) with fresh random bytes, so `npm start` needs no set-up.
 */
export function readSecretFile(file: string, variable: string, createIfMissing: boolean): Buffer {
  if (!fs.existsSync(file)) {
    if (!createIfMissing) throw new SecretFileError(variable, `the key file ${file} does not exist`);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // 'wx' so two processes starting at once cannot both write a different key.
    try {
      fs.writeFileSync(file, crypto.randomBytes(MIN_KEY_BYTES).toString('base64') + '\n', {
        mode: 0o600,
        flag: 'wx',
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const stat = fs.statSync(file);
  if ((stat.mode & 0o077) !== 0) {
    throw new SecretFileError(variable, `${file} must be readable by its owner only (chmod 600)`);
  }
  const text = fs.readFileSync(file, 'utf8').trim();
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
  if (key.length < MIN_KEY_BYTES) {
    throw new SecretFileError(variable, `${file} must hold at least ${MIN_KEY_BYTES} random bytes, base64`);
  }
  return key;
}

export function loadSecrets(
  files: { sessionKeyFile: string; auditKeyFile: string },
  createIfMissing: boolean,
): Secrets {
  return {
    sessionKey: readSecretFile(files.sessionKeyFile, 'SKYTELLER_SESSION_KEY_FILE', createIfMissing),
    auditKey: readSecretFile(files.auditKeyFile, 'SKYTELLER_AUDIT_KEY_FILE', createIfMissing),
  };
}

/** The bearer token that lets a scraper outside SKYTELLER_METRICS_ADDRESSES read /metrics: the file's text. */
export const metricsToken = (file: string | undefined): string | undefined =>
  file ? readSecretFile(file, 'SKYTELLER_METRICS_TOKEN_FILE', false).toString('base64') : undefined;

/** The key every node of a cluster shares to sign router link requests (SKYTELLER_CLUSTER_SECRET_FILE). */
export const clusterSecret = (file: string): string =>
  readSecretFile(file, 'SKYTELLER_CLUSTER_SECRET_FILE', false).toString('base64');
