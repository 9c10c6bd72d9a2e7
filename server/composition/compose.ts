import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { version as mediasoupVersion } from 'mediasoup';
import type { Logger } from 'pino';
import {
  CallHistoryStore,
  CallPushes,
  CallStore,
  createCallFeature,
  TimelineStore,
  TransferStore,
  type CallFeature,
} from '../call/index.js';
import {
  ApiKeys,
  ApiKeyStore,
  Callers,
  createStaffIdentity,
  RateLimitedLogins,
  seedDemoAccounts,
  StaffAdmin,
  TokenSigner,
  UserStore,
  type StaffIdentity,
} from '../identity/index.js';
import {
  createQueue,
  OfferStore,
  QueueMetrics,
  QueuePushes,
  linkQueueNodes,
  TellerStore,
  TicketStore,
  VipStore,
  WrapUpStore,
  type QueueFeature,
} from '../queue/index.js';
import {
  auditCallEvents,
  BackgroundAudit,
  createAuditChain,
  createAuditing,
  TellerActionAudit,
} from '../audit/index.js';
import {
  DayStatsStore,
  LiveCallsStore,
  SupervisorBoardPublisher,
  type RemoteMonitors,
} from '../supervision/index.js';
import { BoardAcrossNodes } from './board-across-nodes.js';
import { LeaderBoard } from './leader-board.js';
import { monitorAcrossNodes } from './monitor-across-nodes.js';
import { NodeRequests } from './node-requests.js';
import { callHandOffAcrossNodes } from './call-hand-off-across-nodes.js';
import { createFaceFeature, type FaceChecks } from '../face/index.js';
import {
  createServiceSessions,
  RecordTrust,
  signingSetupFrom,
  trustAnchorPems,
  type ServiceSessions,
} from '../service/index.js';
import { CallRecorder, createRecordingStorage, RecordingStore } from '../recording/index.js';
import { createChatFeature } from '../chat/index.js';
import {
  ClusterNodeStore,
  HEARTBEAT_MS,
  healthzProbe,
  liveNodeAddresses,
  NodeLoss,
} from '../cluster/index.js';
import { clusterMembership, electionFor } from './cluster-membership.js';
import { NodeDrain } from './node-drain.js';
import { openSharedStores } from './shared-stores.js';
import { ROUTER_LINK_PATH } from '../platform/media/router-link/http-link-channel.js';
import type { RouterLinkPeers } from '../platform/media/router-link/router-link-peers.js';
import type { Config } from '../platform/config.js';
import { createHttpApp } from '../platform/http/http-app.js';
import { requestDeadlines } from '../platform/http/body-guard.js';
import { MediaRooms } from '../platform/media/media-rooms.js';
import { WorkerPool } from '../platform/media/worker-pool.js';
import { createLogger } from '../platform/observability/logger.js';
import { createMetrics } from '../platform/observability/metrics.js';
import { createLocationFeature } from '../location/index.js';
import { createSocketRoutes, disconnectEndedSessions } from './socket-routes.js';
import { mountHttpRoutes } from './http-routes.js';
import { REPO_ROOT } from '../platform/repo-root.js';
import type { Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';
import type { LeaderElection } from '../platform/cluster/leader-election.js';
import { loadSecrets, metricsToken } from '../platform/secrets.js';
import { originsServedAt } from '../platform/http/origins.js';
import { ensureSelfSignedCertificate } from '../platform/tls/self-signed.js';

/** How often staff sockets are checked against their sessions (idle and lifetime ends; revocations are pushed). */
const SESSION_SWEEP_MS = 2_000;
/** A lost node's address refuses at once; one that hangs is taken for lost after this long. */
const NODE_PROBE_TIMEOUT_MS = 1_500;

export { REPO_ROOT };

export interface RunningServer {
  url: string;
  port: number;
  config: Config;
  /** The typed, asynchronous query layer of every store (README, "Database"): the SQLite file, or PostgreSQL. */
  kysely: Kysely<Schema>;
  queue: QueueFeature;
  calls: CallFeature;
  pool: WorkerPool;
  rooms: MediaRooms;
  logger: Logger;
  /** Set when the demo accounts were created with a generated password. */
  demoPassword: string | undefined;
  demoAccountsCreated: boolean;
  selfSignedCertificate: boolean;
  /** Staff sessions and sign-in: `sessions.revokeAllFor`, `staffAuth.resetSecondFactor`. */
  identity: StaffIdentity;
  /** The guided services: tools and tests that write a face result tell it, as the face feature does. */
  services: ServiceSessions;
  /**
   * Whether this node is the queue leader (README, "Queue leader"), and its fencing epoch. Started
   * with the server, closed with it. Only the leader decides offers (`queue.lead` / `queue.follow`).
   */
  leadership: LeaderElection;
  /** This node's router link peers (README, "Media across nodes"); undefined without a cluster secret. */
  routerLinks: RouterLinkPeers | undefined;
  /** Supervisors here monitoring other nodes' calls (README, "Media across nodes"); undefined on one node. */
  monitorsElsewhere: RemoteMonitors | undefined;
  /**
   * SIGTERM's first step (README, "Deployment"): the node takes nothing new, lets go of the queue's
   * leadership, lets its waiting customers' and free tellers' pages go to other nodes, and waits for
   * its calls (up to SKYTELLER_DRAIN_TIMEOUT_MS). close() follows; a close() meanwhile cuts it short.
   */
  drain(): Promise<void>;
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
  // Customers' faces, ID numbers and signatures: every file this process or its FFmpeg
  // children create is its owner's only, and the folders that hold them too.
  process.umask(0o077);
  for (const dir of [config.dataDir, config.recordingsDir]) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(dir, 0o700);
  }

  // Before anything else starts: a development identity is made on first start, and a
  // production P12 that cannot be used stops the server at once rather than a customer's call.
  const signing = signingSetupFrom(config);
  // Shared signalling (Redis) and the stores' database: SQLite's file, or PostgreSQL (issue 16).
  const { sharedRedis, limitStore, database } = await openSharedStores(config, logger);
  const leadership = electionFor(config, database, clock, logger);
  const secrets = loadSecrets(config.secretFiles, config.env !== 'production');
  const users = new UserStore(database.kysely);
  const tokens = new TokenSigner(secrets.sessionKey);
  const tellers = new TellerStore(database.kysely);
  // A production deployment has real accounts only: its first admin comes from `npm run staff -- add`.
  const seeded =
    config.env === 'production'
      ? { created: false, generatedPassword: undefined }
      : await seedDemoAccounts(users, tellers, config.demoPassword, clock());

  const tls = config.tls
    ? {
        cert: fs.readFileSync(config.tls.certFile, 'utf8'),
        key: fs.readFileSync(config.tls.keyFile, 'utf8'),
        generated: false,
      }
    : ensureSelfSignedCertificate(path.join(config.dataDir, 'tls'), [config.announcedIp]);

  const mediaListenIp = config.host === '127.0.0.1' ? '127.0.0.1' : '0.0.0.0';
  const pool = await WorkerPool.create({
    size: config.workers,
    listenIp: mediaListenIp,
    announcedIp: config.announcedIp,
    basePort: config.rtcPort,
    logger,
  });
  const rooms = MediaRooms.on(pool);
  const vip = new VipStore(database.kysely);
  // Keyed with the audit key, verified off the main thread, anchored hourly and at shutdown.
  // On the shared database (PostgreSQL with SKYTELLER_DATABASE_URL), so every node appends to one chain.
  const auditChain = await createAuditChain({
    kysely: database.kysely,
    config,
    key: secrets.auditKey,
    clock,
    logger,
  });
  const audit = auditChain.trail;
  // Entries whose cause does not wait for them: drained at shutdown, a failure logged.
  const backgroundAudit = new BackgroundAudit((error) =>
    logger.error({ err: error }, 'could not write to the audit chain'),
  );
  const inBackground = (write: Promise<unknown>) => backgroundAudit.add(write);
  // One timeline store for every feature: staff actions among a call's events go to the audit chain.
  const events = new TimelineStore(database.kysely, auditCallEvents(audit, users));
  const tickets = new TicketStore(database.kysely);
  const callStore = new CallStore(database.kysely);
  // A page whose call's node is gone asks that node directly rather than wait three heartbeats.
  const nodeLoss = new NodeLoss({
    store: new ClusterNodeStore(database.kysely),
    probe: healthzProbe(tls.cert, NODE_PROBE_TIMEOUT_MS),
    clock,
    heartbeatMs: HEARTBEAT_MS,
  });
  // The queue hands accepted offers to the calls; the calls' news reaches the queue through
  // the subscriptions below. The calls ask the queue only who is at work.
  const calls = createCallFeature({
    store: {
      db: database.kysely,
      calls: callStore,
      events,
      transfers: new TransferStore(database.kysely),
      tickets,
    },
    rooms,
    clock,
    logger,
    nodeId: config.nodeId,
    rejoinGraceMs: config.queue.rejoinGraceMs,
    tellerName: (tellerId) => queue.presence.nameOf(tellerId),
    lostCalls: {
      isNodeLost: (nodeId) => nodeLoss.isLost(nodeId),
      isNodeSilent: (nodeId) => nodeLoss.isSilent(nodeId),
      ticketOf: (ticketId) => tickets.find(ticketId),
      tellerName: async (tellerId) => (await users.findById(tellerId))?.displayName ?? '',
    },
  });
  const queue = createQueue({
    store: {
      db: database.kysely,
      tickets,
      tellers,
      offers: new OfferStore(database.kysely),
      vip,
      wrapUps: new WrapUpStore(database.kysely),
      events,
      calls: callStore,
    },
    calls,
    config: config.queue,
    clock,
    onError: (error) => logger.error({ err: error }, 'a change to the queue failed'),
  });
  const liveCalls = new LiveCallsStore(database.kysely);
  // The other live nodes of the shared list, as the last heartbeat read it (none on SQLite: one node).
  const otherNodes = (): string[] =>
    config.databaseUrl === undefined
      ? []
      : liveNodeAddresses(heartbeat.nodes, clock())
          .map((node) => node.id)
          .filter((id) => id !== config.nodeId);
  const board = new SupervisorBoardPublisher(
    () => queue.snapshot(),
    () => liveCalls.openOn(otherNodes()),
    new DayStatsStore(database.kysely),
    config.queue.serviceLevelMs,
    clock,
    (error) => logger.error({ err: error }, 'the supervisors’ board could not be built'),
  );
  const tellerAudit = new TellerActionAudit(audit, users, calls.registry);
  // Where the customer is (GeoIP country, browser coordinates); the service's gate asks it.
  const locations = createLocationFeature({
    events,
    calls: calls.registry,
    policy: config.location,
    clock,
  });
  const serviceSessions = createServiceSessions({
    kysely: database.kysely,
    config,
    callRegistry: calls.registry,
    users,
    logger,
    clock,
    signing,
    events,
    tickets,
    locationRefusal: (callId, serviceId) => locations.refusal(callId, serviceId),
  });
  const face = await createFaceFeature({
    config,
    kysely: database.kysely,
    callRegistry: calls.registry,
    clock,
    random: options.faceRandom,
    logger,
    events,
    customerIdOf: (ticketId) => tickets.find(ticketId),
    // Face check: the teller's result names who uploaded the reference.
    staffName: async (userId) => (await users.findById(userId))?.displayName,
    limitStore,
  });
  // In-call chat: its messages and files go on the call's timeline (and staff ones, through it, to the chain).
  const chat = createChatFeature({
    db: database.kysely,
    config,
    events,
    registry: calls.registry,
    calls: callStore,
    clock,
    staffName: async (userId) => (await users.findById(userId))?.displayName,
  });
  // Recordings: the recordings folder, or an S3-compatible bucket (README, "Recordings in object storage").
  const recordingStorage = createRecordingStorage(config, logger);
  const auditing = createAuditing({
    kysely: database.kysely,
    config,
    recordingStorage: recordingStorage.storage,
    audit,
    chainVerifier: auditChain.verifier,
    users,
    clock,
    logger,
  });
  const recorder = new CallRecorder({
    nodeId: config.nodeId,
    calls: callStore,
    tickets,
    users,
    events,
    recordings: new RecordingStore(database.kysely),
    recordingsDir: config.recordingsDir,
    storage: recordingStorage.storage,
    logger,
    clock,
    // The manifest's hash enters the audit chain, then the service signs the record that carries it.
    afterClosed: async (callId) => {
      await auditing.recordingAudit.finished(callId);
      await serviceSessions.recordingFinished(callId);
    },
  });
  // What a previous process left: its open calls (and their hand-overs) end. Its line comes back
  // when this node is elected queue leader (on SQLite at once, when the election starts below).
  const interruptedCalls = await calls.lifecycle.recover();
  if (interruptedCalls) logger.info({ interruptedCalls }, 'ended the calls a previous process left open');
  await queue.seedWaitEstimate();
  // Only the elected leader decides offers (README, "Queue leader"): elected, the queue rebuilds its
  // line from the store and offers; deposed, it stops at once (its late writes are fenced anyway).
  leadership.on('elected', (epoch) => {
    queue.lead(epoch).then(
      (requeued) => logger.info({ epoch, requeued }, 'the queue is rebuilt from the store'),
      (error: unknown) => logger.error({ err: error, epoch }, 'could not rebuild the queue'),
    );
  });
  leadership.on('deposed', () => queue.follow());
  // A lost node's calls that no page brought back are taken by the queue leader, so that the
  // rejoin grace ends them and closes their recordings (README, "Calls across nodes"). Only with a
  // shared database: on SQLite this node is the only one, and every call is its own.
  const orphanSweep =
    config.databaseUrl === undefined
      ? undefined
      : setInterval(() => {
          if (!queue.leadership.leads) return;
          calls.failover.adoptOrphans().then(
            (adopted) => adopted.length > 0 && logger.warn({ adopted }, 'took over calls of a lost node'),
            (error: unknown) => logger.warn({ err: error }, 'could not look for calls of lost nodes'),
          );
        }, HEARTBEAT_MS).unref();
  // After the calls a crash left open are ended, so their manifests' timelines end too.
  await recorder.recover();

  const identity = createStaffIdentity({
    db: database.kysely,
    config,
    users,
    sessionKey: secrets.sessionKey,
    clock,
    limitStore,
  });
  const { staffAuth } = identity;
  const apiKeys = new ApiKeys(new ApiKeyStore(database.kysely), audit, clock);
  const callers = new Callers({ tokens, staffAuth, apiKeys, clock });
  const staffAdmin = new StaffAdmin({
    users,
    tellers,
    audit,
    clock,
    // Disabling an account, resetting its password or changing its role ends what is open:
    // its sessions are revoked, which disconnects their sockets at once.
    endSessions: (userId) => identity.sessions.revokeAllFor(userId, 'account_changed'),
    resetSecondFactor: (userId) => staffAuth.resetSecondFactor(userId),
    // A teller at work is offered customers by its new services and languages at once.
    onTellerProfileChanged: (userId) => queue.tellers.profileChanged(userId),
  });
  const sweep = setInterval(() => {
    identity.sweep().catch((error: unknown) => logger.warn({ err: error }, 'ended sessions not forgotten'));
  }, 60_000).unref();
  const rateLimitedLogins = new RateLimitedLogins(({ usernames, ...counted }) =>
    inBackground(
      audit.write({ userId: null, username: usernames[0] ?? '' }, 'staff.login_rate_limited', null, {
        ...counted,
        usernames,
      }),
    ),
  );
  // After signingSetupFrom: outside production the development CA it made is trusted.
  const recordTrust = new RecordTrust(trustAnchorPems(config));
  const metrics = createMetrics({
    callsInProgress: () => calls.registry.count,
    waitingCustomers: () => queue.line.waitingCount,
    workers: () => pool.size,
    routers: () => pool.routerCount,
  });
  const queueMetrics = new QueueMetrics(metrics, () => queue.line.waitingTickets());
  // Cluster (issue 16): this node's name and load, in /healthz and in its heartbeat row in the
  // shared node list; media across nodes (router links) with the cluster's shared secret.
  const { clusterNodes, processLoad, heartbeat, routerLinks } = clusterMembership({
    config,
    database,
    leadership,
    draining: () => queue.draining,
    holdings: () => ({ routers: pool.routerCount, liveCalls: calls.registry.count }),
    media: { findRouter: (id) => pool.findRouter(id), listenIp: mediaListenIp, trust: tls.cert },
    clock,
    logger,
  });
  // Questions between the nodes over the socket.io bus (answered once the socket server is up).
  const nodeRequests = new NodeRequests();
  const wholeBoard = new LeaderBoard(
    board,
    nodeRequests,
    () => queue.leadership.leads,
    sharedRedis !== undefined,
  );
  // A supervisor here monitoring a call another node holds: asked over the bus, media by the links.
  const monitorsElsewhere = monitorAcrossNodes({
    requests: nodeRequests,
    nodeId: config.nodeId,
    calls,
    pool,
    routerLinks: routerLinks?.peers,
    liveCalls,
    shared: sharedRedis !== undefined,
    logger,
  });
  // A draining node's calls go on on other nodes; this node takes those handed to it.
  const callHandOff = callHandOffAcrossNodes({
    nodeId: config.nodeId,
    calls,
    callStore,
    clusterNodes,
    recorder,
    requests: nodeRequests,
    shared: sharedRedis !== undefined && config.databaseUrl !== undefined,
    clock,
    logger,
  });
  // Known once listening (port 0 picks one); until then no page can have loaded.
  let allowedOrigins: readonly string[] = [];
  const app = createHttpApp({
    mount: (http) =>
      mountHttpRoutes(http, {
        queue,
        callRegistry: calls.registry,
        callHistory: new CallHistoryStore(database.kysely),
        wrapUpOutcomes: config.queue.wrapUpOutcomes,
        serviceSessions,
        recordTrust,
        vip,
        audit,
        chainVerifier: auditChain.verifier,
        staffAuth,
        callers,
        tokens,
        timeZone: config.timeZone,
        logger,
        clock,
        face,
        auditing,
        staffAdmin,
        apiKeys,
        limits: config.limits,
        limitStore,
        rateLimitedLogins,
        chats: chat.chats,
        cluster: {
          store: clusterNodes,
          nodeId: config.nodeId,
          heartbeatMs: HEARTBEAT_MS,
          shared: config.databaseUrl !== undefined,
        },
      }),
    metrics,
    health: () => ({
      workers: pool.size,
      routers: pool.routerCount,
      mediasoupVersion,
      nodeId: config.nodeId,
      pid: process.pid,
      leader: leadership.isLeader(),
      draining: queue.draining,
    }),
    clientDir: options.clientDir ?? path.join(REPO_ROOT, 'dist', 'client'),
    logger,
    allowedOrigins: () => allowedOrigins,
    trustedProxies: config.trustedProxies,
    metricsAccess: { addresses: config.metrics.addresses, token: metricsToken(config.metrics.tokenFile) },
    internal: routerLinks && {
      path: ROUTER_LINK_PATH,
      handle: (req, res) => routerLinks.endpoint.handle(req, res),
    },
  });
  const httpServer = https.createServer(
    { cert: tls.cert, key: tls.key, ...requestDeadlines(config.limits.requestTimeoutMs) },
    app,
  );
  const io = createSocketRoutes(httpServer, {
    queue,
    calls,
    board,
    wholeBoard,
    monitorsElsewhere: monitorsElsewhere?.remote,
    serviceSessions,
    faceChecks: face.checks,
    chat,
    locations,
    callers,
    logger,
    allowedOrigins: () => allowedOrigins,
    trustedProxies: config.trustedProxies,
    outgoingBufferBytes: config.limits.socketBufferBytes,
    adapter: sharedRedis?.socketAdapter(),
  });
  // Sockets opened with a session that ended are cut off: at once when it was revoked, and
  // within SESSION_SWEEP_MS when it went idle or reached its lifetime.
  const disconnectEnded = (): void => {
    disconnectEndedSessions(io, callers).catch((error: unknown) =>
      logger.warn({ err: error }, 'staff sockets not checked against their sessions'),
    );
  };
  const sessionSweep = setInterval(disconnectEnded, SESSION_SWEEP_MS).unref();
  nodeRequests.connect(io);
  // A node that does not lead tells the leader what changed in its line, over the adapter.
  linkQueueNodes(io, queue, sharedRedis !== undefined);
  identity.sessions.onEnded(() => setImmediate(disconnectEnded));
  subscribeToNews({
    queue,
    calls,
    queuePushes: new QueuePushes(io, queue.positions, queue.states, queue.presence),
    callPushes: new CallPushes(io, calls.registry),
    board,
    boardNodes: new BoardAcrossNodes(io, board, sharedRedis !== undefined),
    tellerAudit,
    inBackground,
    faceChecks: face.checks,
    serviceSessions,
    recorder,
    queueMetrics,
    logger,
  });

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    processLoad.close();
    routerLinks?.peers.close();
    pool.close();
    await face.close();
    recordingStorage.close();
    await database.close();
    await sharedRedis?.close();
    throw error;
  }
  auditing.retention.start();
  auditChain.anchoring.start();
  await leadership.start();
  // On SQLite the node was elected in start(): its line is back before the server says it is up.
  await queue.turns.settled();
  const port = (httpServer.address() as AddressInfo).port;
  allowedOrigins = config.allowedOrigins ?? originsServedAt(config.announcedIp, port);
  const host = config.host === '0.0.0.0' || config.host === '::' ? config.announcedIp : config.host;
  const url = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  await heartbeat.start(url);
  // In a cluster the drain moves its calls to other nodes; a single node waits for them to end.
  const nodeDrain = new NodeDrain({
    ...(callHandOff && {
      moveCalls: async () => {
        const moved = await callHandOff.moveAll();
        logger.info({ moved }, 'draining: calls handed to other nodes');
      },
    }),
    queue,
    leadership,
    heartbeat,
    registry: calls.registry,
    io,
    settings: config.drain,
    clock,
    logger,
  });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      nodeDrain.abort();
      clearInterval(sweep);
      clearInterval(sessionSweep);
      clearInterval(orphanSweep);
      // First: a stopping node leaves the cluster's list at once, rather than look alive for three heartbeats.
      await heartbeat.stop();
      processLoad.close();
      // Before the store closes: the sign-ins refused in the current minute still get their entry.
      rateLimitedLogins.close();
      await calls.lifecycle.endAll('server_shutdown');
      // The queue's turns the calls' ends started (their tellers freed) are over before it stops.
      await queue.turns.settled();
      // Before the sockets close, so their disconnections are not taken for people leaving.
      queue.stop();
      calls.stop();
      // The queue decides nothing more: the lock is let go now, so another node leads at its next
      // attempt rather than after this node's recordings are finished.
      await leadership.close();
      board.close();
      // io.close() closes the HTTPS server too, which waits for idle keep-alive
      // connections unless they are dropped.
      const closed = new Promise<void>((resolve) => void io.close(() => resolve()));
      httpServer.closeAllConnections();
      await closed;
      // The ended calls' recordings are finished and their records signed before the workers and the store go.
      await recorder.close();
      // Before the routers go: the links' pipe transports close, and the peers hear of it.
      monitorsElsewhere?.close();
      routerLinks?.peers.close();
      rooms.closeAll();
      pool.close();
      await face.close();
      await auditing.retention.close();
      recordingStorage.close();
      // Last before the store goes: the head as this run leaves it, with everything above in it.
      // The entries still under way land before the head is anchored and the database closes.
      await backgroundAudit.drain();
      await auditChain.anchoring.close();
      await Promise.all([auditChain.verifier.close(), recordTrust.close()]);
      await database.close();
      await sharedRedis?.close();
    })();
    return closing;
  };

  return {
    url,
    port,
    config,
    kysely: database.kysely,
    queue,
    calls,
    pool,
    rooms,
    logger,
    demoPassword: seeded.generatedPassword,
    demoAccountsCreated: seeded.created,
    selfSignedCertificate: !config.tls,
    identity,
    services: serviceSessions,
    leadership,
    routerLinks: routerLinks?.peers,
    monitorsElsewhere: monitorsElsewhere?.remote,
    drain: () => nodeDrain.drain(),
    close,
  };
}

// ---- Cross-feature subscriptions ---------------------------------------------
//
// Every listener of the queue's and the calls' news is here, and nowhere else:
// one listener per event, which calls each feature's plain method in the
// order written, for the reason written. Nothing reaches the pages before the
// state it announces is settled.
//
// Not a subscription, but the one other place a feature feeds the platform: the router
// link peers (platform/media/router-link) learn the other nodes from the cluster feature's
// heartbeat list, passed in as `liveNodeAddresses(heartbeat.nodes, clock())` where they are built.

interface Listeners {
  queue: QueueFeature;
  calls: CallFeature;
  queuePushes: QueuePushes;
  callPushes: CallPushes;
  board: SupervisorBoardPublisher;
  /** The board's calls changed: every node's board, which lists them all. */
  boardNodes: BoardAcrossNodes;
  tellerAudit: TellerActionAudit;
  /** Takes a teller action's chain entry, written while the news goes on. */
  inBackground: (write: Promise<unknown>) => void;
  faceChecks: FaceChecks;
  serviceSessions: ServiceSessions;
  recorder: CallRecorder;
  queueMetrics: QueueMetrics;
  logger: Logger;
}

function subscribeToNews(l: Listeners): void {
  const { queue, calls } = l;

  queue.bus.on('queueChanged', () => {
    l.board.changed();
    l.queuePushes.queueChanged();
  });
  // A teller's state is the queue's (status, offer) and the calls' (call, hand-over): either may change it.
  const tellerChanged = (tellerId: string): void => {
    l.board.changed();
    l.queuePushes.tellerChanged(tellerId);
  };
  queue.bus.on('tellerChanged', tellerChanged);
  calls.bus.on('tellerChanged', tellerChanged);
  // The leader sends a position again to a page that opened on another node.
  queue.bus.on('positionAsked', (ticketId) => l.queuePushes.positionAsked(ticketId));
  queue.bus.on('offerExpired', () => l.queueMetrics.offerExpired());
  queue.bus.on('abandoned', () => l.queueMetrics.abandoned());
  queue.bus.on('answered', (waitMs) => l.queueMetrics.answered(waitMs));

  calls.bus.on('callStarted', (call, room) => {
    l.boardNodes.callsChanged();
    // Right after the start, while the call's teller is the one who accepted.
    l.inBackground(l.tellerAudit.callAccepted(call));
    // The recorder listens to the room before the customer's page hears of the call and sends media.
    // (It keeps the producers that appear while it reads the store.)
    l.recorder.callStarted(call.callId, call.ticketId, room);
    l.callPushes.callStarted(call, room);
  });
  calls.bus.on('callResumed', (call, room) => {
    l.boardNodes.callsChanged();
    // The recording goes on in a new segment, after the lost node's (README, "Calls across nodes").
    l.recorder.callResumed(call.callId, call.ticketId, room);
    l.callPushes.callResumed(call, room);
  });
  calls.bus.on('callEnded', (ended) => {
    // 0. The audit chain has it already: `call.ended` reached it inside the call's own transaction,
    //    through the timeline store's observer.
    // 1. The queue first: the call's hand-over leaves the line and its teller is free (or, if its
    //    page never came back, away), in a queue turn of its own (server/queue/queue-turns.ts)
    //    that every teller state asked for from here on waits for.
    queue.outcomes.callEnded(ended);
    l.boardNodes.callsChanged();
    // 2. A running face check stops with the call, unjudged.
    l.faceChecks.callEnded(ended.callId);
    // 3. The recording is finished; once its manifest is written, the recorder's `afterClosed`
    //    (above) has the service sign the record, which carries the manifest's hash.
    l.recorder.callEnded(ended.callId);
    // 4. Both pages hear the call end, with its reason.
    l.callPushes.callEnded(ended);
    // 5. Last, new offers (the turn after step 1's): a freed teller's page sees its call end
    //    before the next customer.
    queue.outcomes.offerToFreeTellers();
  });
  calls.bus.on('callMovedAway', (call, toNode) => {
    l.boardNodes.callsChanged();
    // A running face check stops here, unjudged: the teller starts it again on the call's new node.
    l.faceChecks.callEnded(call.callId);
    // Last, once nothing here holds the call: both pages reconnect to the node it went to.
    l.callPushes.callMovedAway(call, toNode);
  });
  // A face check judged or decided: the guided service's gate may have opened; both pages redraw it.
  l.faceChecks.on('judged', (callId) => {
    l.serviceSessions
      .faceCheckChanged(callId)
      .catch((error: unknown) => l.logger.error({ err: error, callId }, 'could not redraw the service'));
  });
  calls.bus.on('callHandedOver', (event) => {
    // The previous teller is free before its page hears that the call went on without it.
    queue.outcomes.callHandedOver(event);
    l.boardNodes.callsChanged();
    // Right after the change, while the call's teller is the colleague who took it.
    l.inBackground(l.tellerAudit.callHandedOver(event));
    l.callPushes.callHandedOver(event);
  });
  calls.bus.on('transferRequested', (ticketId, request) => {
    l.inBackground(l.tellerAudit.transferRequested(ticketId, request));
    l.callPushes.transferRequested(ticketId, request);
  });
  calls.bus.on('transferConsented', (transfer, ticket, at) => {
    queue.outcomes.transferConsented(transfer, ticket, at);
  });
  calls.bus.on('transferWithdrawn', (event) => {
    queue.outcomes.transferWithdrawn(event);
    l.callPushes.transferWithdrawn(event);
  });
  calls.bus.on('supervisorChanged', (call, monitor, previous) => {
    // The change is on the call's timeline (and in the audit chain) already; the sides it is for hear of it.
    l.callPushes.supervisorChanged(call, monitor, previous);
  });
  calls.bus.on('peerConnection', (callId, participantKey, connected) => {
    l.callPushes.peerConnection(callId, participantKey, connected);
  });
}
