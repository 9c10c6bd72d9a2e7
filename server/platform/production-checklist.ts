import path from 'node:path';

/** The settings production mode insists on (README, "Going to production"). */
export interface ProductionSettings {
  SKYTELLER_DATA_DIR: string;
  SKYTELLER_SIGNING_P12?: string | undefined;
  SKYTELLER_TLS_CERT?: string | undefined;
  SKYTELLER_TLS_KEY?: string | undefined;
  SKYTELLER_SESSION_KEY_FILE?: string | undefined;
  SKYTELLER_AUDIT_KEY_FILE?: string | undefined;
  SKYTELLER_CLUSTER_SECRET_FILE?: string | undefined;
  SKYTELLER_DEMO_PASSWORD?: string | undefined;
  SKYTELLER_TSA_URL?: string | undefined;
  SKYTELLER_AUDIT_ANCHOR_FILE?: string | undefined;
}

interface Problem {
  variable: string;
  message: string;
}

/**
 * What production refuses, each naming its variable: everything that outside
 * production is generated for convenience (a development signing identity, a
 * self-signed certificate, keys next to the data, demo accounts) is a hole there.
 */
export function productionProblems(settings: ProductionSettings, cwd: string): Problem[] {
  const problems: Problem[] = [];
  const require = (variable: keyof ProductionSettings, why: string): void => {
    if (!settings[variable]) problems.push({ variable, message: `production needs it: ${why}` });
  };
  require('SKYTELLER_SIGNING_P12', 'records are signed with the institution’s key, not a development one');
  require('SKYTELLER_TLS_CERT', 'no self-signed certificate in production');
  require('SKYTELLER_TLS_KEY', 'no self-signed certificate in production');
  const dataDir = path.resolve(cwd, settings.SKYTELLER_DATA_DIR);
  // The cluster secret is optional (one node needs none), but kept like the other keys when set.
  const keyFiles = [
    'SKYTELLER_SESSION_KEY_FILE',
    'SKYTELLER_AUDIT_KEY_FILE',
    'SKYTELLER_CLUSTER_SECRET_FILE',
  ] as const;
  for (const variable of keyFiles) {
    const file = settings[variable];
    if (!file) {
      if (variable === 'SKYTELLER_CLUSTER_SECRET_FILE') continue;
      require(variable, 'keys come from a file you provide, never generated or kept with the data');
    } else if (!path.relative(dataDir, path.resolve(cwd, file)).startsWith('..')) {
      problems.push({
        variable,
        message: 'keep keys outside SKYTELLER_DATA_DIR, so a copy of the data holds no key',
      });
    }
  }
  if (!settings.SKYTELLER_TSA_URL && !settings.SKYTELLER_AUDIT_ANCHOR_FILE) {
    problems.push({
      variable: 'SKYTELLER_AUDIT_ANCHOR_FILE',
      message:
        'production anchors the audit chain outside the database: set it (write-once or remote storage) or SKYTELLER_TSA_URL (an RFC 3161 timestamp authority)',
    });
  }
  if (settings.SKYTELLER_DEMO_PASSWORD) {
    problems.push({
      variable: 'SKYTELLER_DEMO_PASSWORD',
      message: 'production creates no demo accounts; create staff with `npm run staff -- add`',
    });
  }
  return problems;
}
