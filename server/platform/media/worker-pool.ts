import { EventEmitter } from 'node:events';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { Logger } from 'pino';

export interface WorkerPoolOptions {
  size: number;
  /** Address the WebRTC servers bind to. */
  listenIp: string;
  /** Address put in ICE candidates: what browsers can reach. */
  announcedIp: string;
  /** Worker i listens on basePort + i (UDP and TCP); 0 lets each pick a free port. */
  basePort: number;
  logger: Logger;
  /** Delay before a dead worker is replaced. */
  respawnDelayMs?: number;
}

interface Slot {
  index: number;
  worker: types.Worker;
  webRtcServer: types.WebRtcServer;
  routers: number;
}

export interface WorkerLease {
  router: types.Router;
  webRtcServer: types.WebRtcServer;
}

type PoolEvents = { workerdied: [index: number, error: Error] };

/**
 * One mediasoup worker per core, each with a WebRtcServer on its own port, so
 * production needs only a few ports open. Routers go to the least-loaded worker.
 */
export class WorkerPool extends EventEmitter<PoolEvents> {
  readonly #slots: (Slot | undefined)[] = [];
  /** Live routers by id: a peer node's router link names the one it pipes from. */
  readonly #routers = new Map<string, types.Router>();
  #closed = false;

  private constructor(private readonly options: WorkerPoolOptions) {
    super();
  }

  static async create(options: WorkerPoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(options);
    try {
      for (let index = 0; index < options.size; index++) pool.#slots.push(await pool.#spawn(index));
    } catch (error) {
      pool.close();
      throw error;
    }
    return pool;
  }

  get size(): number {
    return this.#slots.filter(Boolean).length;
  }

  get routerCount(): number {
    return this.#slots.reduce((n, s) => n + (s?.routers ?? 0), 0);
  }

  /** Ports the WebRTC servers listen on, for the start-up banner. */
  get rtcPorts(): number[] {
    return this.#slots.flatMap((s) => (s ? [...new Set(s.webRtcServer.appData.ports as number[])] : []));
  }

  /** A new router on the least-loaded live worker. */
  async createRouter(mediaCodecs: types.RouterRtpCodecCapability[]): Promise<WorkerLease> {
    const slot = this.#slots
      .filter((s): s is Slot => s !== undefined)
      .sort((a, b) => a.routers - b.routers)[0];
    if (!slot) throw new Error('no mediasoup worker is running');
    const router = await slot.worker.createRouter({ mediaCodecs });
    slot.routers++;
    this.#routers.set(router.id, router);
    router.observer.once('close', () => {
      slot.routers--;
      this.#routers.delete(router.id);
    });
    return { router, webRtcServer: slot.webRtcServer };
  }

  /** A live router of this pool, by id. */
  findRouter(id: string): types.Router | undefined {
    return this.#routers.get(id);
  }

  close(): void {
    this.#closed = true;
    for (const slot of this.#slots) slot?.worker.close();
    this.#slots.length = 0;
  }

  async #spawn(index: number): Promise<Slot> {
    const { listenIp, announcedIp, basePort, logger } = this.options;
    const worker = await withoutSignalClose(() => mediasoup.createWorker({ logLevel: 'warn' }));
    const port = basePort === 0 ? undefined : basePort + index;
    try {
      const webRtcServer = await worker.createWebRtcServer({
        listenInfos: [
          { protocol: 'udp', ip: listenIp, announcedAddress: announcedIp, port },
          { protocol: 'tcp', ip: listenIp, announcedAddress: announcedIp, port },
        ],
      });
      const dump = await webRtcServer.dump();
      webRtcServer.appData.ports = [
        ...dump.udpSockets.map((s) => s.port),
        ...dump.tcpServers.map((s) => s.port),
      ];
      const slot: Slot = { index, worker, webRtcServer, routers: 0 };
      worker.on('died', (error) => this.#onDied(slot, error));
      logger.info(
        { worker: index, pid: worker.pid, ports: webRtcServer.appData.ports },
        'mediasoup worker ready',
      );
      return slot;
    } catch (error) {
      worker.close();
      throw error;
    }
  }

  #onDied(slot: Slot, error: Error): void {
    this.options.logger.error(
      { worker: slot.index, pid: slot.worker.pid, err: error },
      'mediasoup worker died',
    );
    this.#slots[slot.index] = undefined;
    this.emit('workerdied', slot.index, error);
    const retry = (): void => {
      if (this.#closed) return;
      this.#spawn(slot.index).then(
        (replacement) => {
          if (this.#closed) replacement.worker.close();
          else this.#slots[slot.index] = replacement;
        },
        (spawnError: unknown) => {
          this.options.logger.error(
            { worker: slot.index, err: spawnError },
            'mediasoup worker respawn failed',
          );
          setTimeout(retry, this.options.respawnDelayMs ?? 2000).unref();
        },
      );
    };
    setTimeout(retry, this.options.respawnDelayMs ?? 2000).unref();
  }
}

const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * mediasoup has each worker close itself when the process gets SIGTERM or SIGINT. This server
 * decides when its workers close: a SIGTERM drains first, and the calls running meanwhile, or
 * being handed to other nodes, need their routers until then (README, "Deployment"). So the
 * signal listeners a new worker adds are taken off again; `close()` closes the workers.
 */
async function withoutSignalClose<T>(create: () => Promise<T>): Promise<T> {
  const before = new Map(STOP_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  try {
    return await create();
  } finally {
    for (const signal of STOP_SIGNALS)
      for (const listener of process.listeners(signal))
        if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
  }
}
