import type { Config } from '../config.js';
import { loadSigningIdentity } from './cms/identity-store.js';
import type { RecordSigningSetup } from './signed-record.js';

/** The configured signing key (or the development one) and timestamp authority. */
export function signingSetupFrom(config: Config): RecordSigningSetup {
  const identity = loadSigningIdentity({
    dataDir: config.dataDir,
    ...(config.signingP12
      ? { p12File: config.signingP12.file, p12Password: config.signingP12.password }
      : {}),
  });
  return { identity, ...(config.tsaUrl ? { tsaUrl: config.tsaUrl } : {}) };
}
