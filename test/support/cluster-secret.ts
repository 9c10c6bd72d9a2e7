import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureSelfSignedCertificate } from '../../server/platform/tls/self-signed.js';

/**
 * What the nodes of one cluster share for their router links, as `npm run cluster` gives it:
 * one cluster secret (a file) and one TLS certificate, under `folder`.
 */
export function clusterSecretIn(folder: string): {
  secretFile: string;
  secret: string;
  /** A data folder for node `name` holding the shared certificate (the server keeps what it finds there). */
  nodeFolder(name: string): string;
} {
  const secretFile = path.join(folder, 'cluster.key');
  if (!fs.existsSync(secretFile)) {
    fs.writeFileSync(secretFile, crypto.randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
  }
  return {
    secretFile,
    secret: fs.readFileSync(secretFile, 'utf8').trim(),
    nodeFolder(name) {
      const dataDir = path.join(folder, name);
      const tls = ensureSelfSignedCertificate(path.join(folder, 'tls'), []);
      fs.mkdirSync(path.join(dataDir, 'tls'), { recursive: true });
      fs.writeFileSync(path.join(dataDir, 'tls', 'server.crt'), tls.cert);
      fs.writeFileSync(path.join(dataDir, 'tls', 'server.key'), tls.key, { mode: 0o600 });
      return dataDir;
    },
  };
}
