import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSecrets, readSecretFile, SecretFileError } from './secrets.js';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-secrets-'));

describe('secret files', () => {
  it('creates missing keys 0600 outside production and reads the same key back', () => {
    const dir = tempDir();
    const files = {
      sessionKeyFile: path.join(dir, 's', 'session.key'),
      auditKeyFile: path.join(dir, 's', 'audit.key'),
    };
    const first = loadSecrets(files, true);
    expect(first.sessionKey.length).toBeGreaterThanOrEqual(32);
    expect(first.sessionKey.equals(first.auditKey)).toBe(false);
    expect(fs.statSync(files.sessionKeyFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(files.sessionKeyFile)).mode & 0o777).toBe(0o700);
    expect(loadSecrets(files, true).sessionKey.equals(first.sessionKey)).toBe(true);
  });

  it('refuses a missing file when it may not create one, naming the variable', () => {
    const file = path.join(tempDir(), 'absent.key');
    expect(() => readSecretFile(file, 'SKYTELLER_AUDIT_KEY_FILE', false)).toThrow(/SKYTELLER_AUDIT_KEY_FILE/);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('refuses a key others can read, and a key shorter than 32 bytes', () => {
    const dir = tempDir();
    const open = path.join(dir, 'open.key');
    fs.writeFileSync(open, Buffer.alloc(32, 7).toString('base64'), { mode: 0o644 });
    fs.chmodSync(open, 0o644);
    expect(() => readSecretFile(open, 'SKYTELLER_SESSION_KEY_FILE', false)).toThrow(SecretFileError);
    const short = path.join(dir, 'short.key');
    fs.writeFileSync(short, Buffer.alloc(16, 7).toString('base64'), { mode: 0o600 });
    expect(() => readSecretFile(short, 'SKYTELLER_SESSION_KEY_FILE', false)).toThrow(/at least 32/);
  });
});
