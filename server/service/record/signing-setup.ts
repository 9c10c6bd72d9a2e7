import { ConfigError, type Config } from '../../platform/config.js';
import { loadSigningIdentity } from './cms/identity-store.js';
import type { RecordSigningSetup } from './signed-record.js';

/** The configured signing key (or the development one) and timestamp authority. */
export function signingSetupFrom(config: Config): RecordSigningSetup {
  let identity;
  try {
    identity = loadSigningIdentity({
      dataDir: config.dataDir,
      ...(config.signingP12
        ? { p12File: config.signingP12.file, p12Password: config.signingP12.password }
        : {}),
    });
  } catch (error) {
    if (!config.signingP12) throw error;
    // A key the server cannot use is a configuration mistake; say which setting.
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError([{ variable: 'SKYTELLER_SIGNING_P12', message: `cannot be used: ${reason}` }]);
  }
  return { identity, ...(config.tsaUrl ? { tsaUrl: config.tsaUrl } : {}) };
}
