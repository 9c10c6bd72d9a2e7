import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { RouterLinkChannel } from './router-link-channel.js';
import { RouterLinkError } from './router-link-error.js';
import { endpointOf } from './router-link-protocol.js';

export interface RouterLinkOptions {
  /** The router on this node that receives the piped producers. */
  router: types.Router;
  /** The router on the peer node that holds the source producers. */
  remoteRouterId: string;
  channel: RouterLinkChannel;
  /** This node's pipe address: `ip` to bind, `announcedAddress` the peer can reach, a port range. */
  listenInfo: types.TransportListenInfo;
  /** Retransmissions over the pipe: worth it between machines, not on one host. */
  enableRtx?: boolean;
  /** Encrypts the pipe: for links across an untrusted network. */
  enableSrtp?: boolean;
  /** Called once when the link closes, whichever side closed it. */
  onClose: () => void;
}

type LinkEvents = { close: [] };

interface Pipe {
  /** Settles once the piped producer exists here. */
  producer: Promise<types.Producer>;
  /** What the source did while the producer was being made. */
  paused?: boolean;
  closed?: boolean;
}

/**
 * The importing half of a link between a router here and a router on another
 * node: an explicit pipe transport on each side, connected to each other, and
 * source producers re-created here with the same id (what Router.pipeToRouter
 * does in one process, but with the two halves talking over a channel).
 * Closing the link closes both pipe transports and every piped producer; the
 * source closing closes its piped producer; the peer going away closes this side.
 */
export class RouterLink extends EventEmitter<LinkEvents> {
  readonly id: string;
  readonly #pipes = new Map<string, Pipe>();
  #closed = false;

  private constructor(
    private readonly transport: types.PipeTransport,
    private readonly options: RouterLinkOptions,
    id: string,
  ) {
    super();
    this.id = id;
    transport.observer.once('close', () => this.close());
  }

  static async open(options: RouterLinkOptions): Promise<RouterLink> {
    const { router, channel, listenInfo, enableRtx = false, enableSrtp = false } = options;
    const id = randomUUID();
    const transport = await router.createPipeTransport({
      listenInfo,
      enableSctp: false,
      enableRtx,
      enableSrtp,
    });
    try {
      const { endpoint } = await channel.request('link.open', {
        linkId: id,
        routerId: options.remoteRouterId,
        endpoint: endpointOf(transport),
        enableRtx,
        enableSrtp,
      });
      await transport.connect(endpoint);
    } catch (error) {
      transport.close();
      channel.request('link.close', { linkId: id }).catch(() => undefined);
      throw error;
    }
    return new RouterLink(transport, options, id);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The remote producer `producerId`, re-created on this node's router (same id). */
  async pipe(producerId: string, appData: types.AppData = {}): Promise<types.Producer> {
    if (this.#closed) throw new RouterLinkError('link_closed', 'the router link is closed');
    const existing = this.#pipes.get(producerId);
    if (existing) return existing.producer;
    const pipe: Pipe = { producer: this.#pipe(producerId, appData, () => pipe) };
    this.#pipes.set(producerId, pipe);
    pipe.producer.catch(() => this.#pipes.delete(producerId));
    return pipe.producer;
  }

  async #pipe(producerId: string, appData: types.AppData, self: () => Pipe): Promise<types.Producer> {
    const { channel } = this.options;
    const described = await channel.request('link.pipe', { linkId: this.id, producerId });
    let producer: types.Producer;
    try {
      producer = await this.transport.produce({
        id: producerId,
        kind: described.kind,
        rtpParameters: described.rtpParameters,
        paused: described.paused,
        appData,
      });
    } catch (error) {
      channel.request('link.unpipe', { linkId: this.id, producerId }).catch(() => undefined);
      throw error;
    }
    // The source may have closed or changed while the producer was being made.
    const pipe = self();
    if (this.#closed || pipe.closed) {
      producer.close();
      throw new RouterLinkError('producer_not_found', `producer ${producerId} closed while piping`);
    }
    if (pipe.paused === true) await producer.pause();
    else if (pipe.paused === false) await producer.resume();
    producer.observer.once('close', () => {
      this.#pipes.delete(producerId);
      if (!pipe.closed && !this.#closed) {
        channel.request('link.unpipe', { linkId: this.id, producerId }).catch(() => undefined);
      }
    });
    return producer;
  }

  /** The source producer on the peer paused, resumed or closed. */
  sourceChanged(producerId: string, change: 'pause' | 'resume' | 'close'): void {
    const pipe = this.#pipes.get(producerId);
    if (!pipe) return;
    if (change === 'close') pipe.closed = true;
    else pipe.paused = change === 'pause';
    pipe.producer.then(
      (producer) => {
        if (change === 'close') producer.close();
        else if (change === 'pause') void producer.pause().catch(() => undefined);
        else void producer.resume().catch(() => undefined);
      },
      () => undefined,
    );
  }

  /**
   * Closes both sides' pipe transports and every piped producer. `notify`
   * false when the peer asked for it or is gone.
   */
  close({ notify = true }: { notify?: boolean } = {}): void {
    if (this.#closed) return;
    this.#closed = true;
    this.transport.close();
    if (notify) this.options.channel.request('link.close', { linkId: this.id }).catch(() => undefined);
    this.options.onClose();
    this.emit('close');
  }
}
