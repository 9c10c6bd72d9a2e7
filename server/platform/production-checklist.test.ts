import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const READY = {
  SKYTELLER_ENV: 'production',
  SKYTELLER_DATA_DIR: '/srv/skyteller/data',
  SKYTELLER_SIGNING_P12: '/etc/skyteller/signing.p12',
  SKYTELLER_TLS_CERT: '/etc/skyteller/tls.crt',
  SKYTELLER_TLS_KEY: '/etc/skyteller/tls.key',
  SKYTELLER_SESSION_KEY_FILE: '/etc/skyteller/session.key',
  SKYTELLER_AUDIT_KEY_FILE: '/etc/skyteller/audit.key',
  SKYTELLER_AUDIT_ANCHOR_FILE: '/mnt/worm/audit-anchors.jsonl',
};

const refusedVariables = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env, '/');
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((p) => p.variable);
  }
};

describe('production mode', () => {
  it('starts with everything it needs', () => {
    expect(refusedVariables(READY)).toEqual([]);
    expect(loadConfig(READY, '/').env).toBe('production');
  });

  it.each([
    'SKYTELLER_SIGNING_P12',
    'SKYTELLER_TLS_CERT',
    'SKYTELLER_TLS_KEY',
    'SKYTELLER_SESSION_KEY_FILE',
    'SKYTELLER_AUDIT_KEY_FILE',
  ])('refuses to start without %s, naming it', (variable) => {
    const env: Record<string, string> = { ...READY };
    delete env[variable];
    expect(refusedVariables(env)).toContain(variable);
  });

  it('refuses to start with neither a TSA nor an anchor file, naming both', () => {
    const env: Record<string, string> = { ...READY };
    delete env.SKYTELLER_AUDIT_ANCHOR_FILE;
    expect(refusedVariables(env)).toEqual(['SKYTELLER_AUDIT_ANCHOR_FILE']);
    expect(() => loadConfig(env, '/')).toThrow(/SKYTELLER_TSA_URL/);
    expect(refusedVariables({ ...env, SKYTELLER_TSA_URL: 'http://tsa.example/tsr' })).toEqual([]);
  });

  it('refuses keys kept with the data, and demo accounts', () => {
    expect(
      refusedVariables({ ...READY, SKYTELLER_AUDIT_KEY_FILE: '/srv/skyteller/data/secrets/audit.key' }),
    ).toEqual(['SKYTELLER_AUDIT_KEY_FILE']);
    // The cluster secret is optional, but a key like the others when set.
    expect(
      refusedVariables({ ...READY, SKYTELLER_CLUSTER_SECRET_FILE: '/etc/skyteller/cluster.key' }),
    ).toEqual([]);
    expect(
      refusedVariables({ ...READY, SKYTELLER_CLUSTER_SECRET_FILE: '/srv/skyteller/data/cluster.key' }),
    ).toEqual(['SKYTELLER_CLUSTER_SECRET_FILE']);
    expect(refusedVariables({ ...READY, SKYTELLER_DEMO_PASSWORD: 'a-demo-password' })).toEqual([
      'SKYTELLER_DEMO_PASSWORD',
    ]);
  });

  it('asks nothing of a development start', () => {
    expect(refusedVariables({})).toEqual([]);
  });
});
