import os from 'node:os';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { productionProblems } from './production-checklist.js';
import { parseWrapUpOutcomes, type WrapUpOutcome } from '../../shared/contracts/wrap-up.js';

// 0 asks the system for a free port (tests use it).
const port = z.coerce.number().int().min(0).max(65535);
const pathOrUnset = z.string().min(1).optional();
const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};
const commaList = (item: z.ZodType<string, string>) =>
  z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    )
    .pipe(z.array(item));
const origin = z
  .url({ protocol: /^https?$/ })
  .refine((url) => new URL(url).origin === url.replace(/\/$/, ''), {
    message: 'must be origins such as https://counter.example.com (scheme, host and port only)',
  });
// proxy-addr's names for address ranges, or addresses and CIDRs.
const addressRange = z.union([
  z.enum(['loopback', 'linklocal', 'uniquelocal']),
  z.ipv4(),
  z.ipv6(),
  z.cidrv4(),
  z.cidrv6(),
]);
const amount = (min: number, max: number) => z.coerce.number().min(min).max(max);
const DEFAULT_WRAP_UP_OUTCOMES = [
  'resolved|已办结|Resolved',
  'follow_up|需跟进|Follow-up needed',
  'customer_declined|客户放弃办理|Customer declined',
  'referred|转其他渠道办理|Referred elsewhere',
  'dropped|通话中断|Call dropped',
].join(';');

/**
 * Every setting, read from SKYTELLER_* environment variables. The README's
 * configuration table lists the same names.
 */
const ENV_SCHEMA = {
  SKYTELLER_ENV: z.enum(['development', 'production']).default('development'),
  SKYTELLER_HOST: z.string().min(1).default('0.0.0.0'),
  SKYTELLER_PORT: port.default(8443),
  SKYTELLER_DATA_DIR: z.string().min(1).default('data'),
  SKYTELLER_RECORDINGS_DIR: z.string().min(1).default('recordings'),
  SKYTELLER_ANNOUNCED_IP: z.union([z.ipv4(), z.ipv6(), z.hostname()]).default('127.0.0.1'),
  SKYTELLER_RTC_PORT: port.default(40000),
  SKYTELLER_WORKERS: z.coerce.number().int().min(1).max(64).default(os.availableParallelism()),
  SKYTELLER_DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  // Default: DATA_DIR/secrets/*.key, created on first start outside production.
  SKYTELLER_SESSION_KEY_FILE: pathOrUnset,
  SKYTELLER_AUDIT_KEY_FILE: pathOrUnset,
  SKYTELLER_TLS_CERT: pathOrUnset,
  SKYTELLER_ALLOWED_ORIGINS: commaList(origin).optional(),
  SKYTELLER_TRUSTED_PROXIES: commaList(addressRange).default([]),
  SKYTELLER_METRICS_ADDRESSES: commaList(addressRange).default(['loopback']),
  SKYTELLER_METRICS_TOKEN_FILE: pathOrUnset,
  SKYTELLER_TLS_KEY: pathOrUnset,
  // The institution's time zone: every page and record shows dates and times in it.
  SKYTELLER_TIME_ZONE: z
    .string()
    .refine((zone) => isTimeZone(zone), 'must be an IANA time zone such as Asia/Shanghai')
    .default('Asia/Shanghai'),
  // The institution's name as its signed records head their first page.
  SKYTELLER_INSTITUTION_NAME: z.string().trim().min(1).max(80).default('示例银行 Example Bank'),
  // Shared signalling (several nodes): socket.io pushes and rate limits go through this Redis.
  SKYTELLER_REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' })
    .optional(),
  SKYTELLER_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SKYTELLER_LOGIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(10),
  SKYTELLER_LOCK_AFTER_FAILED_LOGINS: z.coerce.number().int().min(3).max(1000).default(10),
  SKYTELLER_SIGNING_P12: pathOrUnset,
  SKYTELLER_SIGNING_P12_PASSWORD: z.string().optional(),
  SKYTELLER_TSA_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  // PEM: the TSA's certificate or its CA; the audit anchors' timestamps must chain to it.
  SKYTELLER_TSA_CERT: pathOrUnset,
  // Where the audit chain's keyed heads are appended when no TSA is set (write-once or remote storage).
  SKYTELLER_AUDIT_ANCHOR_FILE: pathOrUnset,
  // PEM files (comma-separated) of the CAs whose signers' records verify as trusted.
  SKYTELLER_TRUST_ANCHORS: pathOrUnset,
  SKYTELLER_SESSION_HOURS: z.coerce
    .number()
    .min(0.1)
    .max(24 * 30)
    .default(12),
  SKYTELLER_SESSION_IDLE_MINUTES: amount(1, 24 * 60).default(30),
  SKYTELLER_OFFER_TIMEOUT_SECONDS: amount(1, 600).default(15),
  SKYTELLER_MANDARIN_FALLBACK_SECONDS: amount(0, 24 * 3600).default(120),
  SKYTELLER_ELDERLY_BOOST_MINUTES: amount(0, 24 * 60).default(10),
  SKYTELLER_VIP_BOOST_MINUTES: amount(0, 24 * 60).default(5),
  SKYTELLER_ABANDON_GRACE_SECONDS: amount(0, 3600).default(60),
  SKYTELLER_REJOIN_GRACE_SECONDS: amount(0, 3600).default(30),
  SKYTELLER_SERVICE_LEVEL_SECONDS: amount(1, 3600).default(20),
  SKYTELLER_DEFAULT_HANDLE_MINUTES: amount(0.1, 600).default(6),
  // After each call the teller records an outcome before the next customer; 0 turns wrap-up off.
  SKYTELLER_WRAP_UP_SECONDS: amount(0, 3600).default(30),
  SKYTELLER_WRAP_UP_OUTCOMES: z
    .string()
    .default(DEFAULT_WRAP_UP_OUTCOMES)
    .transform((text, ctx) => {
      try {
        return parseWrapUpOutcomes(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  SKYTELLER_FACE_WORKERS: z.coerce.number().int().min(1).max(16).default(1),
  // Calibrated on test/fixtures/faces (README, "Face check calibration").
  SKYTELLER_FACE_MATCH_THRESHOLD: z.coerce.number().gt(0).lt(2).default(0.58),
  SKYTELLER_FACE_REVIEW_BAND: z.coerce.number().min(0).max(0.5).default(0.03),
  SKYTELLER_FACE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  // Ten years: what insurers and banks commonly keep call recordings for.
  SKYTELLER_RECORDING_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(3650),
  // A family queuing for a branch shares one address; a script does not need more than this.
  SKYTELLER_TICKETS_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(10),
  SKYTELLER_TICKETS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  SKYTELLER_REQUEST_TIMEOUT_SECONDS: amount(1, 3600).default(60),
  SKYTELLER_SOCKET_BUFFER_KB: z.coerce.number().int().min(16).max(1_048_576).default(2048),
  // In-call chat: a file's largest size (the upload route's own bound is 25 MB), and the teller's quick replies.
  SKYTELLER_CHAT_FILE_MAX_MB: z.coerce.number().gt(0).max(25).default(10),
  SKYTELLER_CHAT_QUICK_REPLIES: pathOrUnset,
  // Location gate: ISO 3166-1 alpha-2 codes where high-risk services are offered; unset: everywhere.
  SKYTELLER_ALLOWED_COUNTRIES: commaList(
    z
      .string()
      .transform((code) => code.toUpperCase())
      .pipe(z.string().regex(/^[A-Z]{2}$/, 'must be ISO 3166-1 alpha-2 codes such as CN,HK')),
  ).default([]),
  // Whether a loopback or private client address (no country to look up) passes that gate.
  SKYTELLER_PRIVATE_ADDRESSES_ALLOWED: z.enum(['true', 'false']).default('false'),
  // Recordings in object storage (README, "Recordings in object storage"): all five or none; none is local disk.
  SKYTELLER_S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  SKYTELLER_S3_BUCKET: z.string().min(3).max(63).optional(),
  SKYTELLER_S3_REGION: z.string().min(1).optional(),
  SKYTELLER_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  SKYTELLER_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  // MinIO, Ceph RGW and s3rver are reached as <endpoint>/<bucket>; a cloud S3 may want virtual hosts.
  SKYTELLER_S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('true'),
  // Scale-out (issue 16), database: unset keeps the embedded SQLite file DATA_DIR/skyteller.db.
  SKYTELLER_DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  // Cluster (issue 16): this node's name among the nodes sharing one store; stable across restarts.
  SKYTELLER_NODE_ID: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes, such as node-1')
    .default('node-1'),
  // Router links (issue 16): the key file every node shares to sign node-to-node requests; unset:
  // this node serves no /internal/router-link and links no routers with other nodes.
  SKYTELLER_CLUSTER_SECRET_FILE: pathOrUnset,
  // Draining on SIGTERM (README, "Deployment"): how long the load balancer takes to stop sending this
  // node anybody (haproxy: 2 failed checks 2 s apart, and a margin), then how long calls may hold the stop.
  SKYTELLER_DRAIN_LB_WAIT_MS: z.coerce.number().int().min(0).max(300_000).default(5_000),
  SKYTELLER_DRAIN_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 3_600_000)
    .default(600_000),
  // Router links: the UDP ports of this node's pipe transports, which the other nodes send to.
  SKYTELLER_PIPE_PORTS: z
    .string()
    .regex(/^\d{1,5}-\d{1,5}$/, 'must be a port range such as 41000-41999')
    .default('41000-41999')
    .transform((text) => {
      const [min, max] = text.split('-').map(Number) as [number, number];
      return { min, max };
    })
    .refine(({ min, max }) => min >= 1 && min <= max && max <= 65535, 'must be 1-65535, lowest first'),
};

/** The S3 settings that are set together or not at all. */
const S3_REQUIRED = [
  'SKYTELLER_S3_ENDPOINT',
  'SKYTELLER_S3_BUCKET',
  'SKYTELLER_S3_REGION',
  'SKYTELLER_S3_ACCESS_KEY_ID',
  'SKYTELLER_S3_SECRET_ACCESS_KEY',
] as const;

export interface Config {
  /** 'production' turns off everything meant for trying Skyteller out (demo accounts, generated keys). */
  env: 'development' | 'production';
  host: string;
  port: number;
  dataDir: string;
  recordingsDir: string;
  announcedIp: string;
  /** First WebRTC port; worker i listens on rtcPort + i (UDP and TCP). */
  rtcPort: number;
  workers: number;
  demoPassword: string | undefined;
  /** Files holding the server's keys (platform/secrets.ts). */
  secretFiles: { sessionKeyFile: string; auditKeyFile: string };
  tls: { certFile: string; keyFile: string } | undefined;
  /** Origins whose pages may change state or open sockets; undefined: the ones the server answers at. */
  allowedOrigins: string[] | undefined;
  /** Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed. */
  trustedProxies: string[];
  /** Who may scrape /metrics: these addresses, or anyone with the token in the file. */
  metrics: { addresses: string[]; tokenFile: string | undefined };
  /** Set: the nodes share socket.io pushes and rate limits through this Redis; unset: one node, in memory. */
  redisUrl: string | undefined;
  logLevel: string;
  /** IANA time zone in which pages and records show dates and times. */
  timeZone: string;
  /** Heads the first page of every signed record. */
  institutionName: string;
  loginAttemptsPerMinute: number;
  /** Consecutive wrong passwords that lock a staff account until an administrator unlocks it. */
  lockAfterFailedLogins: number;
  /** A staff session's absolute lifetime. */
  sessionTtlMs: number;
  /** A staff session unused this long ends. */
  sessionIdleMs: number;
  /** The institution's record-signing key and chain; a development one is generated when unset. */
  signingP12: { file: string; password: string } | undefined;
  /** RFC 3161 timestamp authority for the records' signatures (PAdES B-T) and the audit anchors. */
  tsaUrl: string | undefined;
  /** The TSA's certificate (or its CA), PEM: what audit anchors' timestamps are checked against. */
  tsaCertFile: string | undefined;
  /** The audit chain's anchors are appended here (always when set; the only anchor without a TSA). */
  auditAnchorFile: string | undefined;
  /** PEM files of the CAs a record's signer must chain to for the record to be trusted. */
  trustAnchorFiles: string[];
  queue: QueueConfig;
  face: FaceConfig;
  /** The location gate for high-risk services (README, "Customer location"). */
  location: { allowedCountries: string[]; privateAddressesAllowed: boolean };
  recordings: RecordingsConfig;
  /** Where recordings are kept once recorded: an S3-compatible bucket; undefined: the recordings folder. */
  objectStorage: ObjectStorageConfig | undefined;
  limits: LimitsConfig;
  chat: ChatConfig;
  /** PostgreSQL's postgres:// URL (it may hold a password: never log it); undefined: the SQLite file. */
  databaseUrl: string | undefined;
  /** This node's name in a cluster (/healthz, GET /api/cluster); `node-1` when it runs alone. */
  nodeId: string;
  /** Stopping on SIGTERM (README, "Deployment"). */
  drain: DrainConfig;
  /** Media across nodes (README, "Media across nodes"); `secretFile` unset: no router links. */
  routerLinks: { secretFile: string | undefined; pipePorts: { min: number; max: number } };
}

export interface DrainConfig {
  /** After /healthz turns 503: how long until the load balancer sends this node nobody new. */
  loadBalancerWaitMs: number;
  /** How long calls in progress may hold the stop before they are ended as at any stop. */
  timeoutMs: number;
}

export interface ChatConfig {
  /** A chat file's largest size, in bytes. */
  fileMaxBytes: number;
  /** A JSON file of the teller's quick replies; unset: the built-in list. */
  quickRepliesFile: string | undefined;
}

/** What one client may cost the server (README, "Abuse limits"). */
export interface LimitsConfig {
  ticketsPerAddressPerMinute: number;
  ticketsPerMinute: number;
  /** A request's headers and body must have arrived within this. */
  requestTimeoutMs: number;
  /** A socket whose unsent output passes this is disconnected: its client is not reading. */
  socketBufferBytes: number;
}

export interface RecordingsConfig {
  /** Media files of calls started longer ago than this are deleted; their manifests stay. */
  retentionDays: number;
}

/** An S3-compatible bucket (MinIO, Ceph RGW, a cloud S3). */
export interface ObjectStorageConfig {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `<endpoint>/<bucket>/<key>` rather than `<bucket>.<endpoint-host>/<key>`. */
  forcePathStyle: boolean;
}

export interface FaceConfig {
  /** Worker threads running face inference; each holds its own copy of the models. */
  workers: number;
  /** Largest descriptor distance that still counts as the same person. */
  matchThreshold: number;
  /** Distances within this much of the threshold, either side, go to the teller for review. */
  reviewBand: number;
  /** Failed checks allowed per call before high-risk services are blocked on it. */
  maxAttempts: number;
}

export interface QueueConfig {
  offerTimeoutMs: number;
  mandarinFallbackAfterMs: number;
  elderlyBoostMs: number;
  vipBoostMs: number;
  /** How long a waiting customer's page may be gone before the ticket counts as abandoned. */
  abandonGraceMs: number;
  /** How long a call waits for a side whose page dropped out before it ends. */
  rejoinGraceMs: number;
  /** Answered within this wait counts towards the service level. */
  serviceLevelMs: number;
  /** Handle time assumed for wait estimates until calls have been handled. */
  defaultHandleMs: number;
  /** How long a teller's wrap-up after a call lasts at most; 0: no wrap-up. */
  wrapUpMs: number;
  /** The outcome codes a wrap-up offers. */
  wrapUpOutcomes: WrapUpOutcome[];
}

export class ConfigError extends Error {
  readonly code = 'invalid_config';
  constructor(readonly problems: { variable: string; message: string }[]) {
    super('Invalid configuration:\n' + problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

const envSchema = z.object(ENV_SCHEMA);

/** Reads the configuration; throws a ConfigError naming every bad variable. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
  /** 'tool': a command that reads settings without serving (e.g. verifying a record elsewhere) skips production's start-up checklist. */
  purpose: 'server' | 'tool' = 'server',
): Config {
  // An empty variable means "use the default", as in most deployment tools.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ variable: String(i.path[0]), message: i.message })),
    );
  }
  const v = parsed.data;
  const problems: { variable: string; message: string }[] = [];
  if (Boolean(v.SKYTELLER_TLS_CERT) !== Boolean(v.SKYTELLER_TLS_KEY)) {
    problems.push({
      variable: v.SKYTELLER_TLS_CERT ? 'SKYTELLER_TLS_KEY' : 'SKYTELLER_TLS_CERT',
      message: 'SKYTELLER_TLS_CERT and SKYTELLER_TLS_KEY are set together or not at all',
    });
  }
  if (v.SKYTELLER_SIGNING_P12_PASSWORD !== undefined && !v.SKYTELLER_SIGNING_P12) {
    problems.push({
      variable: 'SKYTELLER_SIGNING_P12',
      message: 'a P12 password is set without the P12 file',
    });
  }
  if (v.SKYTELLER_RTC_PORT + v.SKYTELLER_WORKERS - 1 > 65535) {
    problems.push({ variable: 'SKYTELLER_RTC_PORT', message: 'the WebRTC port range ends above 65535' });
  }
  if (v.SKYTELLER_FACE_REVIEW_BAND >= v.SKYTELLER_FACE_MATCH_THRESHOLD) {
    problems.push({
      variable: 'SKYTELLER_FACE_REVIEW_BAND',
      message: 'must be smaller than SKYTELLER_FACE_MATCH_THRESHOLD',
    });
  }
  const s3Missing = S3_REQUIRED.filter((name) => v[name] === undefined);
  if (s3Missing.length > 0 && s3Missing.length < S3_REQUIRED.length) {
    problems.push(
      ...s3Missing.map((variable) => ({
        variable,
        message: `the SKYTELLER_S3_* settings are set together or not at all (${S3_REQUIRED.join(', ')})`,
      })),
    );
  }
  // Router links: a pipe transport's peer connects to an address, not a name.
  if (v.SKYTELLER_CLUSTER_SECRET_FILE && !isIP(v.SKYTELLER_ANNOUNCED_IP)) {
    problems.push({
      variable: 'SKYTELLER_ANNOUNCED_IP',
      message: 'must be an IP address when SKYTELLER_CLUSTER_SECRET_FILE is set (router links connect to it)',
    });
  }
  const rtcLast = v.SKYTELLER_RTC_PORT + v.SKYTELLER_WORKERS - 1;
  const pipes = v.SKYTELLER_PIPE_PORTS;
  if (
    v.SKYTELLER_CLUSTER_SECRET_FILE &&
    v.SKYTELLER_RTC_PORT > 0 &&
    v.SKYTELLER_RTC_PORT <= pipes.max &&
    rtcLast >= pipes.min
  ) {
    problems.push({
      variable: 'SKYTELLER_PIPE_PORTS',
      message: 'overlaps the WebRTC ports (SKYTELLER_RTC_PORT)',
    });
  }
  if (v.SKYTELLER_ENV === 'production' && purpose === 'server') problems.push(...productionProblems(v, cwd));
  if (problems.length > 0) throw new ConfigError(problems);

  const resolve = (p: string) => path.resolve(cwd, p);
  const dataDir = resolve(v.SKYTELLER_DATA_DIR);
  return {
    env: v.SKYTELLER_ENV,
    host: v.SKYTELLER_HOST,
    port: v.SKYTELLER_PORT,
    dataDir,
    recordingsDir: resolve(v.SKYTELLER_RECORDINGS_DIR),
    announcedIp: v.SKYTELLER_ANNOUNCED_IP,
    rtcPort: v.SKYTELLER_RTC_PORT,
    workers: v.SKYTELLER_WORKERS,
    demoPassword: v.SKYTELLER_DEMO_PASSWORD,
    secretFiles: {
      sessionKeyFile: v.SKYTELLER_SESSION_KEY_FILE
        ? resolve(v.SKYTELLER_SESSION_KEY_FILE)
        : path.join(dataDir, 'secrets', 'session.key'),
      auditKeyFile: v.SKYTELLER_AUDIT_KEY_FILE
        ? resolve(v.SKYTELLER_AUDIT_KEY_FILE)
        : path.join(dataDir, 'secrets', 'audit.key'),
    },
    tls:
      v.SKYTELLER_TLS_CERT && v.SKYTELLER_TLS_KEY
        ? { certFile: resolve(v.SKYTELLER_TLS_CERT), keyFile: resolve(v.SKYTELLER_TLS_KEY) }
        : undefined,
    allowedOrigins: v.SKYTELLER_ALLOWED_ORIGINS?.map((url) => new URL(url).origin),
    trustedProxies: v.SKYTELLER_TRUSTED_PROXIES,
    metrics: {
      addresses: v.SKYTELLER_METRICS_ADDRESSES,
      tokenFile: v.SKYTELLER_METRICS_TOKEN_FILE ? resolve(v.SKYTELLER_METRICS_TOKEN_FILE) : undefined,
    },
    redisUrl: v.SKYTELLER_REDIS_URL,
    logLevel: v.SKYTELLER_LOG_LEVEL,
    timeZone: v.SKYTELLER_TIME_ZONE,
    institutionName: v.SKYTELLER_INSTITUTION_NAME,
    loginAttemptsPerMinute: v.SKYTELLER_LOGIN_ATTEMPTS_PER_MINUTE,
    lockAfterFailedLogins: v.SKYTELLER_LOCK_AFTER_FAILED_LOGINS,
    sessionTtlMs: v.SKYTELLER_SESSION_HOURS * 3_600_000,
    sessionIdleMs: v.SKYTELLER_SESSION_IDLE_MINUTES * 60_000,
    signingP12: v.SKYTELLER_SIGNING_P12
      ? { file: resolve(v.SKYTELLER_SIGNING_P12), password: v.SKYTELLER_SIGNING_P12_PASSWORD ?? '' }
      : undefined,
    tsaUrl: v.SKYTELLER_TSA_URL,
    tsaCertFile: v.SKYTELLER_TSA_CERT ? resolve(v.SKYTELLER_TSA_CERT) : undefined,
    auditAnchorFile: v.SKYTELLER_AUDIT_ANCHOR_FILE ? resolve(v.SKYTELLER_AUDIT_ANCHOR_FILE) : undefined,
    trustAnchorFiles: (v.SKYTELLER_TRUST_ANCHORS ?? '')
      .split(',')
      .map((file) => file.trim())
      .filter((file) => file !== '')
      .map(resolve),
    queue: {
      offerTimeoutMs: v.SKYTELLER_OFFER_TIMEOUT_SECONDS * 1000,
      mandarinFallbackAfterMs: v.SKYTELLER_MANDARIN_FALLBACK_SECONDS * 1000,
      elderlyBoostMs: v.SKYTELLER_ELDERLY_BOOST_MINUTES * 60_000,
      vipBoostMs: v.SKYTELLER_VIP_BOOST_MINUTES * 60_000,
      abandonGraceMs: v.SKYTELLER_ABANDON_GRACE_SECONDS * 1000,
      rejoinGraceMs: v.SKYTELLER_REJOIN_GRACE_SECONDS * 1000,
      serviceLevelMs: v.SKYTELLER_SERVICE_LEVEL_SECONDS * 1000,
      defaultHandleMs: v.SKYTELLER_DEFAULT_HANDLE_MINUTES * 60_000,
      wrapUpMs: v.SKYTELLER_WRAP_UP_SECONDS * 1000,
      wrapUpOutcomes: v.SKYTELLER_WRAP_UP_OUTCOMES,
    },
    face: {
      workers: v.SKYTELLER_FACE_WORKERS,
      matchThreshold: v.SKYTELLER_FACE_MATCH_THRESHOLD,
      reviewBand: v.SKYTELLER_FACE_REVIEW_BAND,
      maxAttempts: v.SKYTELLER_FACE_MAX_ATTEMPTS,
    },
    recordings: { retentionDays: v.SKYTELLER_RECORDING_RETENTION_DAYS },
    objectStorage:
      v.SKYTELLER_S3_ENDPOINT &&
      v.SKYTELLER_S3_BUCKET &&
      v.SKYTELLER_S3_REGION &&
      v.SKYTELLER_S3_ACCESS_KEY_ID &&
      v.SKYTELLER_S3_SECRET_ACCESS_KEY
        ? {
            endpoint: v.SKYTELLER_S3_ENDPOINT,
            bucket: v.SKYTELLER_S3_BUCKET,
            region: v.SKYTELLER_S3_REGION,
            accessKeyId: v.SKYTELLER_S3_ACCESS_KEY_ID,
            secretAccessKey: v.SKYTELLER_S3_SECRET_ACCESS_KEY,
            forcePathStyle: v.SKYTELLER_S3_FORCE_PATH_STYLE === 'true',
          }
        : undefined,
    location: {
      allowedCountries: v.SKYTELLER_ALLOWED_COUNTRIES,
      privateAddressesAllowed: v.SKYTELLER_PRIVATE_ADDRESSES_ALLOWED === 'true',
    },
    limits: {
      ticketsPerAddressPerMinute: v.SKYTELLER_TICKETS_PER_ADDRESS_PER_MINUTE,
      ticketsPerMinute: v.SKYTELLER_TICKETS_PER_MINUTE,
      requestTimeoutMs: v.SKYTELLER_REQUEST_TIMEOUT_SECONDS * 1000,
      socketBufferBytes: v.SKYTELLER_SOCKET_BUFFER_KB * 1024,
    },
    chat: {
      fileMaxBytes: Math.floor(v.SKYTELLER_CHAT_FILE_MAX_MB * 1024 * 1024),
      quickRepliesFile: v.SKYTELLER_CHAT_QUICK_REPLIES ? resolve(v.SKYTELLER_CHAT_QUICK_REPLIES) : undefined,
    },
    databaseUrl: v.SKYTELLER_DATABASE_URL,
    nodeId: v.SKYTELLER_NODE_ID,
    drain: { loadBalancerWaitMs: v.SKYTELLER_DRAIN_LB_WAIT_MS, timeoutMs: v.SKYTELLER_DRAIN_TIMEOUT_MS },
    routerLinks: {
      secretFile: v.SKYTELLER_CLUSTER_SECRET_FILE ? resolve(v.SKYTELLER_CLUSTER_SECRET_FILE) : undefined,
      pipePorts: v.SKYTELLER_PIPE_PORTS,
    },
  };
}
