import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { version as mediasoupVersion } from 'mediasoup';
import { CounterService } from './app/counter-service.js';
import { seedDemoAccounts } from './auth/demo-accounts.js';
import { RateLimiter } from './auth/rate-limiter.js';
import { StaffAuth } from './auth/staff-auth.js';
import { TokenSigner } from './auth/tokens.js';
import type { Config } from './config.js';
import { createHttpApp } from './http/app.js';
import { MediaRooms } from './media/media-rooms.js';
import { WorkerPool } from './media/worker-pool.js';
import { createLogger } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { createSocketServer } from './realtime/socket-server.js';
import { CallsRepo } from './store/calls-repo.js';
import { openDatabase, type Db } from './store/database.js';
import { EventsRepo } from './store/events-repo.js';
import { SettingsRepo } from './store/settings-repo.js';
import { TicketsRepo } from './store/tickets-repo.js';
import { TellersRepo } from './store/tellers-repo.js';
import { OffersRepo } from './store/offers-repo.js';
import { TransfersRepo } from './store/transfers-repo.js';
import { VipRepo } from './store/vip-repo.js';
import { AuditRepo } from './store/audit-repo.js';
import { AuditTrail } from './app/audit-trail.js';
import { auditCounterEvents } from './app/audit-counter-events.js';
import { auditCallEvents } from './app/audit-call-events.js';
import { createAuditing } from './app/auditing-setup.js';
import { DayStatsRepo } from './store/day-stats-repo.js';
import { SupervisorBoardPublisher } from './app/supervisor-board.js';
import { createFaceServices } from './app/face-services.js';
import { registerQueueMetrics } from './observability/queue-metrics.js';
import { UsersRepo } from './store/users-repo.js';
import { createServiceDesk } from './app/service-desk-setup.js';
import { RecordingDesk } from './app/recording-desk.js';
import { RecordingsRepo } from './store/recordings-repo.js';
import { signingSetupFrom } from './records/signing-setup.js';
import { ensureSelfSignedCertificate } from './tls/self-signed.js';

/** An address may try this many times the per-user login limit (a branch office behind one NAT). */
const LOGINS_PER_ADDRESS_FACTOR = 5;

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface RunningServer {
  url: string;
  port: number;
  config: Config;
  db: Db;
  counter: CounterService;
  pool: WorkerPool;
  rooms: MediaRooms;
  logger: Logger;
  /** Set when the demo accounts were created with a generated password. */
  demoPassword: string | undefined;
  demoAccountsCreated: boolean;
  selfSignedCertificate: boolean;
  close(): Promise<void>;
}

export interface StartOptions {
  clock?: () => number;
  clientDir?: string;
  logger?: Logger;
  /** The face challenge's random source; tests fix it, production uses crypto. */
  faceRandom?: () => number;
}

/** Wires the store, the media workers, HTTP and socket.io, and starts listening. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const clock = options.clock ?? Date.now;
  const logger = options.logger ?? createLogger(config.logLevel);
  fs.mkdirSync(config.dataDir, { recursive: true });
  fs.mkdirSync(config.recordingsDir, { recursive: true });

  // Before anything else starts: a development identity is made on first start, and a
  // production P12 that cannot be used stops the server at once rather than a customer's call.
  const signing = signingSetupFrom(config);
  const db = openDatabase(path.join(config.dataDir, 'skyteller.db'));
  const settings = new SettingsRepo(db);
  const users = new UsersRepo(db);
  const tokens = new TokenSigner(
    Buffer.from(
      settings.getOrCreate('token_secret', () => crypto.randomBytes(32).toString('base64')),
      'base64',
    ),
  );
  const tellers = new TellersRepo(db);
  const seeded = await seedDemoAccounts(users, tellers, config.demoPassword, clock());

  const tls = config.tls
    ? {
        cert: fs.readFileSync(config.tls.certFile, 'utf8'),
        key: fs.readFileSync(config.tls.keyFile, 'utf8'),
        generated: false,
      }
    : ensureSelfSignedCertificate(path.join(config.dataDir, 'tls'), [config.announcedIp]);

  const pool = await WorkerPool.create({
    size: config.workers,
    listenIp: config.host === '127.0.0.1' ? '127.0.0.1' : '0.0.0.0',
    announcedIp: config.announcedIp,
    basePort: config.rtcPort,
    logger,
  });
  const rooms = new MediaRooms(pool);
  const vip = new VipRepo(db);
  const audit = new AuditTrail(new AuditRepo(db), clock);
  // One events store for every desk: staff actions among a call's events go to the audit chain.
  const events = new EventsRepo(db, auditCallEvents(audit, users));
  const counter = new CounterService(
    {
      db,
      tickets: new TicketsRepo(db),
      calls: new CallsRepo(db),
      events,
      tellers,
      offers: new OffersRepo(db),
      transfers: new TransfersRepo(db),
      vip,
    },
    rooms,
    config.queue,
    clock,
  );
  const board = new SupervisorBoardPublisher(
    counter,
    new DayStatsRepo(db),
    config.queue.serviceLevelMs,
    clock,
  );
  auditCounterEvents(counter, audit, users);
  const desk = createServiceDesk({ db, config, counter, users, logger, clock, signing, events });
  const face = createFaceServices({
    config,
    db,
    counter,
    clock,
    random: options.faceRandom,
    logger,
    events,
  });
  const auditing = createAuditing({ db, config, audit, users, clock, logger });
  const recorder = new RecordingDesk({
    counter,
    calls: new CallsRepo(db),
    tickets: new TicketsRepo(db),
    users,
    events,
    recordings: new RecordingsRepo(db),
    recordingsDir: config.recordingsDir,
    logger,
    clock,
    afterClosed: (callId) => desk.recordingFinished(callId),
  });
  const restored = counter.restore();
  if (restored.requeued || restored.interruptedCalls) logger.info(restored, 'restored the queue');
  // After the calls a crash left open are ended, so their manifests' timelines end too.
  await recorder.recover();

  const loginLimits = {
    perUser: new RateLimiter(config.loginAttemptsPerMinute, 60_000),
    perAddress: new RateLimiter(config.loginAttemptsPerMinute * LOGINS_PER_ADDRESS_FACTOR, 60_000),
  };
  const staffAuth = new StaffAuth(users, tokens, loginLimits, config.sessionTtlMs, clock);
  const sweep = setInterval(() => {
    loginLimits.perUser.sweep(clock());
    loginLimits.perAddress.sweep(clock());
  }, 60_000).unref();
  const metrics = createMetrics({
    callsInProgress: () => counter.callsInProgress,
    waitingCustomers: () => counter.waitingCount,
    workers: () => pool.size,
    routers: () => pool.routerCount,
  });
  registerQueueMetrics(metrics, counter);
  const app = createHttpApp({
    counter,
    desk,
    vip,
    audit,
    staffAuth,
    tokens,
    metrics,
    health: () => ({ workers: pool.size, routers: pool.routerCount, mediasoupVersion }),
    clientDir: options.clientDir ?? path.join(REPO_ROOT, 'dist', 'client'),
    sessionTtlMs: config.sessionTtlMs,
    logger,
    clock,
    face,
    auditing,
  });
  const httpServer = https.createServer({ cert: tls.cert, key: tls.key }, app);
  const io = createSocketServer(httpServer, {
    counter,
    board,
    desk,
    faceDesk: face.desk,
    staffAuth,
    tokens,
    logger,
    clock,
  });

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    pool.close();
    await face.close();
    db.close();
    throw error;
  }
  auditing.retention.start();
  const port = (httpServer.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? config.announcedIp : config.host;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearInterval(sweep);
      counter.endAllCalls('server_shutdown');
      // Before the sockets close, so their disconnections are not taken for people leaving.
      counter.stop();
      board.close();
      // io.close() closes the HTTPS server too, which waits for idle keep-alive
      // connections unless they are dropped.
      const closed = new Promise<void>((resolve) => void io.close(() => resolve()));
      httpServer.closeAllConnections();
      await closed;
      // The ended calls' recordings are finished and their records signed before the workers and the store go.
      await recorder.close();
      rooms.closeAll();
      pool.close();
      await face.close();
      await auditing.retention.close();
      db.close();
    })();
    return closing;
  };

  return {
    url: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    config,
    db,
    counter,
    pool,
    rooms,
    logger,
    demoPassword: seeded.generatedPassword,
    demoAccountsCreated: seeded.created,
    selfSignedCertificate: !config.tls,
    close,
  };
}
