import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const problemsOf = (env: Record<string, string>): { variable: string; message: string }[] => {
  try {
    loadConfig(env, '/srv/skyteller');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('uses the embedded defaults', () => {
    const config = loadConfig({ SKYTELLER_WORKERS: '2' }, '/srv/skyteller');
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 8443,
      dataDir: path.resolve('/srv/skyteller/data'),
      recordingsDir: path.resolve('/srv/skyteller/recordings'),
      announcedIp: '127.0.0.1',
      rtcPort: 40000,
      workers: 2,
      demoPassword: undefined,
      tls: undefined,
      signingP12: undefined,
      tsaUrl: undefined,
      face: { workers: 1, matchThreshold: 0.58, reviewBand: 0.03, maxAttempts: 5 },
    });
  });

  it('shows times in Asia/Shanghai unless told, and refuses a zone that does not exist', () => {
    expect(loadConfig({}).timeZone).toBe('Asia/Shanghai');
    expect(loadConfig({ SKYTELLER_TIME_ZONE: 'Europe/Zurich' }).timeZone).toBe('Europe/Zurich');
    expect(() => loadConfig({ SKYTELLER_TIME_ZONE: 'Mars/Olympus' })).toThrow(/SKYTELLER_TIME_ZONE/);
  });

  // Shared signalling: one node in memory unless a Redis is named.
  it('shares pushes and rate limits through Redis only when SKYTELLER_REDIS_URL names one', () => {
    expect(loadConfig({}).redisUrl).toBeUndefined();
    expect(loadConfig({ SKYTELLER_REDIS_URL: 'redis://10.0.0.5:6379' }).redisUrl).toBe(
      'redis://10.0.0.5:6379',
    );
    expect(problemsOf({ SKYTELLER_REDIS_URL: 'http://10.0.0.5:6379' })).toEqual([
      { variable: 'SKYTELLER_REDIS_URL', message: 'must be a redis:// or rediss:// URL' },
    ]);
  });

  it('reads the face check settings', () => {
    const config = loadConfig({
      SKYTELLER_FACE_WORKERS: '2',
      SKYTELLER_FACE_MATCH_THRESHOLD: '0.45',
      SKYTELLER_FACE_REVIEW_BAND: '0.02',
      SKYTELLER_FACE_MAX_ATTEMPTS: '3',
    });
    expect(config.face).toEqual({ workers: 2, matchThreshold: 0.45, reviewBand: 0.02, maxAttempts: 3 });
  });

  it('keeps recordings on local disk unless all five S3 settings are given, and names what a partial set lacks', () => {
    expect(loadConfig({}).objectStorage).toBeUndefined();
    const s3 = {
      SKYTELLER_S3_ENDPOINT: 'http://127.0.0.1:9000',
      SKYTELLER_S3_BUCKET: 'recordings',
      SKYTELLER_S3_REGION: 'us-east-1',
      SKYTELLER_S3_ACCESS_KEY_ID: 'skyteller',
      SKYTELLER_S3_SECRET_ACCESS_KEY: 'secret-key',
    };
    expect(loadConfig(s3).objectStorage).toEqual({
      endpoint: 'http://127.0.0.1:9000',
      bucket: 'recordings',
      region: 'us-east-1',
      accessKeyId: 'skyteller',
      secretAccessKey: 'secret-key',
      forcePathStyle: true,
    });
    expect(loadConfig({ ...s3, SKYTELLER_S3_FORCE_PATH_STYLE: 'false' }).objectStorage?.forcePathStyle).toBe(
      false,
    );
    const partial = problemsOf({
      SKYTELLER_S3_ENDPOINT: s3.SKYTELLER_S3_ENDPOINT,
      SKYTELLER_S3_BUCKET: 'b3t',
    });
    expect(partial.map((p) => p.variable)).toEqual([
      'SKYTELLER_S3_REGION',
      'SKYTELLER_S3_ACCESS_KEY_ID',
      'SKYTELLER_S3_SECRET_ACCESS_KEY',
    ]);
    expect(partial[0]!.message).toMatch(/set together or not at all/);
    expect(problemsOf({ ...s3, SKYTELLER_S3_ENDPOINT: 'ftp://host' })[0]?.variable).toBe(
      'SKYTELLER_S3_ENDPOINT',
    );
  });

  it('keeps recordings ten years unless told, and refuses a retention under a day or not whole', () => {
    expect(loadConfig({}).recordings).toEqual({ retentionDays: 3650 });
    expect(loadConfig({ SKYTELLER_RECORDING_RETENTION_DAYS: '90' }).recordings).toEqual({
      retentionDays: 90,
    });
    for (const bad of ['0', '1.5', 'forever'])
      expect(problemsOf({ SKYTELLER_RECORDING_RETENTION_DAYS: bad })[0]?.variable).toBe(
        'SKYTELLER_RECORDING_RETENTION_DAYS',
      );
  });

  it('names the node node-1 unless told, and refuses a name that cannot be a cookie value or a path', () => {
    expect(loadConfig({}).nodeId).toBe('node-1');
    expect(loadConfig({ SKYTELLER_NODE_ID: 'node-3' }).nodeId).toBe('node-3');
    for (const bad of ['Node 1', '-node', 'node/1', 'x'.repeat(64)])
      expect(problemsOf({ SKYTELLER_NODE_ID: bad })[0]?.variable).toBe('SKYTELLER_NODE_ID');
  });

  it('drains for 5 s of load balancer and at most 10 minutes of calls unless told, and refuses what cannot be a wait', () => {
    expect(loadConfig({}).drain).toEqual({ loadBalancerWaitMs: 5_000, timeoutMs: 600_000 });
    expect(
      loadConfig({ SKYTELLER_DRAIN_LB_WAIT_MS: '0', SKYTELLER_DRAIN_TIMEOUT_MS: '90000' }).drain,
    ).toEqual({ loadBalancerWaitMs: 0, timeoutMs: 90_000 });
    for (const [variable, bad] of [
      ['SKYTELLER_DRAIN_LB_WAIT_MS', '-1'],
      ['SKYTELLER_DRAIN_LB_WAIT_MS', '2.5'],
      ['SKYTELLER_DRAIN_LB_WAIT_MS', '300001'],
      ['SKYTELLER_DRAIN_TIMEOUT_MS', 'ten minutes'],
      ['SKYTELLER_DRAIN_TIMEOUT_MS', String(24 * 3_600_000 + 1)],
    ] as const)
      expect(problemsOf({ [variable]: bad }).map((p) => p.variable)).toEqual([variable]);
  });

  it('links no routers unless given the cluster secret file, and needs an IP to announce when it is', () => {
    expect(loadConfig({}).routerLinks).toEqual({
      secretFile: undefined,
      pipePorts: { min: 41000, max: 41999 },
    });
    const linked = loadConfig({
      SKYTELLER_CLUSTER_SECRET_FILE: '/etc/skyteller/cluster.key',
      SKYTELLER_PIPE_PORTS: '42000-42099',
      SKYTELLER_ANNOUNCED_IP: '10.0.0.5',
    });
    expect(linked.routerLinks).toEqual({
      secretFile: '/etc/skyteller/cluster.key',
      pipePorts: { min: 42000, max: 42099 },
    });
    for (const bad of ['42000', '42099-42000', '0-10', '1-70000'])
      expect(problemsOf({ SKYTELLER_PIPE_PORTS: bad })[0]?.variable).toBe('SKYTELLER_PIPE_PORTS');
    expect(
      problemsOf({ SKYTELLER_CLUSTER_SECRET_FILE: '/k', SKYTELLER_ANNOUNCED_IP: 'media.example.com' }),
    ).toEqual([{ variable: 'SKYTELLER_ANNOUNCED_IP', message: expect.stringMatching(/IP address/) }]);
    const overlapping = {
      SKYTELLER_CLUSTER_SECRET_FILE: '/k',
      SKYTELLER_RTC_PORT: '41998',
      SKYTELLER_WORKERS: '4',
    };
    expect(problemsOf(overlapping)).toEqual([
      { variable: 'SKYTELLER_PIPE_PORTS', message: expect.stringMatching(/WebRTC ports/) },
    ]);
    expect(loadConfig({ ...overlapping, SKYTELLER_RTC_PORT: '0' }).routerLinks.secretFile).toBe('/k');
  });

  it('refuses face settings that cannot work', () => {
    expect(problemsOf({ SKYTELLER_FACE_WORKERS: '0' })[0]?.variable).toBe('SKYTELLER_FACE_WORKERS');
    expect(problemsOf({ SKYTELLER_FACE_MATCH_THRESHOLD: '-1' })[0]?.variable).toBe(
      'SKYTELLER_FACE_MATCH_THRESHOLD',
    );
    expect(problemsOf({ SKYTELLER_FACE_MATCH_THRESHOLD: '0.2', SKYTELLER_FACE_REVIEW_BAND: '0.3' })).toEqual([
      { variable: 'SKYTELLER_FACE_REVIEW_BAND', message: expect.stringMatching(/smaller than/) },
    ]);
  });

  it('reads every variable, treating empty ones as unset', () => {
    const config = loadConfig(
      {
        SKYTELLER_PORT: '9443',
        SKYTELLER_DATA_DIR: '/var/lib/skyteller',
        SKYTELLER_RECORDINGS_DIR: 'rec',
        SKYTELLER_ANNOUNCED_IP: '203.0.113.7',
        SKYTELLER_DEMO_PASSWORD: 'correct horse',
        SKYTELLER_TLS_CERT: 'tls/cert.pem',
        SKYTELLER_TLS_KEY: 'tls/key.pem',
        SKYTELLER_RTC_PORT: '',
      },
      '/srv/skyteller',
    );
    expect(config.port).toBe(9443);
    expect(config.dataDir).toBe('/var/lib/skyteller');
    expect(config.recordingsDir).toBe(path.resolve('/srv/skyteller/rec'));
    expect(config.announcedIp).toBe('203.0.113.7');
    expect(config.demoPassword).toBe('correct horse');
    expect(config.tls).toEqual({
      certFile: '/srv/skyteller/tls/cert.pem',
      keyFile: '/srv/skyteller/tls/key.pem',
    });
    expect(config.rtcPort).toBe(40000);
  });

  it('names every bad variable at once', () => {
    const problems = problemsOf({
      SKYTELLER_PORT: 'eighty',
      SKYTELLER_ANNOUNCED_IP: 'not an address!',
      SKYTELLER_DEMO_PASSWORD: 'short',
    });
    expect(problems.map((p) => p.variable).sort()).toEqual([
      'SKYTELLER_ANNOUNCED_IP',
      'SKYTELLER_DEMO_PASSWORD',
      'SKYTELLER_PORT',
    ]);
    expect(problems.find((p) => p.variable === 'SKYTELLER_DEMO_PASSWORD')?.message).toMatch(/at least 8/);
  });

  it('refuses out-of-range ports and a certificate without its key', () => {
    expect(problemsOf({ SKYTELLER_PORT: '70000' })[0]?.variable).toBe('SKYTELLER_PORT');
    expect(problemsOf({ SKYTELLER_TLS_CERT: 'c.pem' })).toEqual([
      { variable: 'SKYTELLER_TLS_KEY', message: expect.stringMatching(/together/) },
    ]);
    expect(problemsOf({ SKYTELLER_RTC_PORT: '65535', SKYTELLER_WORKERS: '2' })[0]?.variable).toBe(
      'SKYTELLER_RTC_PORT',
    );
  });

  it('reads the queue settings in their units, with the documented defaults', () => {
    expect(loadConfig({}).queue).toMatchObject({
      offerTimeoutMs: 15_000,
      mandarinFallbackAfterMs: 120_000,
      elderlyBoostMs: 600_000,
      vipBoostMs: 300_000,
      abandonGraceMs: 60_000,
      rejoinGraceMs: 30_000,
      serviceLevelMs: 20_000,
      defaultHandleMs: 360_000,
      wrapUpMs: 30_000,
    });
    const queue = loadConfig({
      SKYTELLER_OFFER_TIMEOUT_SECONDS: '2.5',
      SKYTELLER_ELDERLY_BOOST_MINUTES: '30',
    }).queue;
    expect(queue.offerTimeoutMs).toBe(2500);
    expect(queue.elderlyBoostMs).toBe(1_800_000);
    expect(problemsOf({ SKYTELLER_OFFER_TIMEOUT_SECONDS: '0' })[0]?.variable).toBe(
      'SKYTELLER_OFFER_TIMEOUT_SECONDS',
    );
  });

  it('reads the record-signing P12 and the timestamp authority', () => {
    const config = loadConfig(
      {
        SKYTELLER_SIGNING_P12: 'keys/records.p12',
        SKYTELLER_SIGNING_P12_PASSWORD: 'secret',
        SKYTELLER_TSA_URL: 'http://tsa.example.test/tsr',
      },
      '/srv/skyteller',
    );
    expect(config.signingP12).toEqual({ file: '/srv/skyteller/keys/records.p12', password: 'secret' });
    expect(config.tsaUrl).toBe('http://tsa.example.test/tsr');
    expect(problemsOf({ SKYTELLER_TSA_URL: 'ftp://tsa.example.test' })[0]?.variable).toBe(
      'SKYTELLER_TSA_URL',
    );
    expect(problemsOf({ SKYTELLER_SIGNING_P12_PASSWORD: 'secret' })).toEqual([
      { variable: 'SKYTELLER_SIGNING_P12', message: expect.stringMatching(/without the P12/) },
    ]);
  });

  it('reads where the audit chain is anchored and which CAs records are trusted by', () => {
    const config = loadConfig(
      {
        SKYTELLER_TSA_CERT: 'keys/tsa-ca.pem',
        SKYTELLER_AUDIT_ANCHOR_FILE: '/mnt/worm/audit-anchors.jsonl',
        SKYTELLER_TRUST_ANCHORS: 'keys/root-ca.pem, keys/issuing-ca.pem',
      },
      '/srv/skyteller',
    );
    expect(config).toMatchObject({
      tsaCertFile: '/srv/skyteller/keys/tsa-ca.pem',
      auditAnchorFile: '/mnt/worm/audit-anchors.jsonl',
      trustAnchorFiles: ['/srv/skyteller/keys/root-ca.pem', '/srv/skyteller/keys/issuing-ca.pem'],
    });
    expect(loadConfig({})).toMatchObject({ auditAnchorFile: undefined, trustAnchorFiles: [] });
  });

  it('puts the variable name in the error message', () => {
    expect(() => loadConfig({ SKYTELLER_WORKERS: '0' })).toThrow(/SKYTELLER_WORKERS/);
  });

  it('uses SQLite unless SKYTELLER_DATABASE_URL names a PostgreSQL database', () => {
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    const url = 'postgresql://skyteller:secret@db.internal:5432/skyteller';
    expect(loadConfig({ SKYTELLER_DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(loadConfig({ SKYTELLER_DATABASE_URL: 'postgres://db/skyteller' }).databaseUrl).toBe(
      'postgres://db/skyteller',
    );
    for (const bad of ['mysql://db/skyteller', 'data/skyteller.db', 'sqlite:///tmp/x.db']) {
      expect(problemsOf({ SKYTELLER_DATABASE_URL: bad })).toEqual([
        { variable: 'SKYTELLER_DATABASE_URL', message: 'must be a postgres:// or postgresql:// URL' },
      ]);
    }
  });
});
