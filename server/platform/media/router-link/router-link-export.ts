import type { types } from 'mediasoup';
import type { RouterLinkChannel } from './router-link-channel.js';
import { RouterLinkError } from './router-link-error.js';
import { endpointOf, type RouterLinkRequest, type RouterLinkResponse } from './router-link-protocol.js';

/**
 * The exporting half of a router link, on the node whose router holds the
 * source producers: a pipe transport connected to the importing node's, and
 * one pipe consumer per producer sent across. The source producer's pause,
 * resume and close travel to the other node as requests, where the piped
 * producer follows them (what Router.pipeToRouter wires in one process).
 */
export class RouterLinkExport {
  readonly #consumers = new Map<string, types.Consumer>();
  #closed = false;

  private constructor(
    readonly linkId: string,
    private readonly transport: types.PipeTransport,
    private readonly channel: RouterLinkChannel,
    private readonly onClose: () => void,
  ) {
    transport.observer.once('close', () => this.close({ notify: true }));
  }

  /** Makes the pipe transport on `router` and connects it to the importing side's. */
  static async open(options: {
    request: RouterLinkRequest<'link.open'>;
    router: types.Router;
    channel: RouterLinkChannel;
    listenInfo: types.TransportListenInfo;
    onClose: () => void;
  }): Promise<{ link: RouterLinkExport; endpoint: RouterLinkResponse<'link.open'>['endpoint'] }> {
    const { request, router, channel, listenInfo } = options;
    const transport = await router.createPipeTransport({
      listenInfo,
      enableSctp: false,
      enableRtx: request.enableRtx,
      enableSrtp: request.enableSrtp,
    });
    try {
      await transport.connect(request.endpoint);
    } catch (error) {
      transport.close();
      throw error;
    }
    return {
      link: new RouterLinkExport(request.linkId, transport, channel, options.onClose),
      endpoint: endpointOf(transport),
    };
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Starts sending `producerId` into the pipe; the answer is what the other side produces. */
  async pipe(producerId: string): Promise<RouterLinkResponse<'link.pipe'>> {
    if (this.#closed) throw new RouterLinkError('link_closed', 'the router link is closed');
    const existing = this.#consumers.get(producerId);
    if (existing) return describe(existing);
    let consumer: types.Consumer;
    try {
      consumer = await this.transport.consume({ producerId });
    } catch {
      throw new RouterLinkError('producer_not_found', `no producer ${producerId} on this router`);
    }
    if (this.#closed) {
      consumer.close();
      throw new RouterLinkError('link_closed', 'the router link is closed');
    }
    this.#consumers.set(producerId, consumer);
    const tell = (method: 'producer.pause' | 'producer.resume' | 'producer.close') => {
      // A lost notification means the peer is gone, which its channel reports as `down`.
      this.channel.request(method, { linkId: this.linkId, producerId }).catch(() => undefined);
    };
    consumer.on('producerpause', () => tell('producer.pause'));
    consumer.on('producerresume', () => tell('producer.resume'));
    consumer.on('producerclose', () => tell('producer.close'));
    consumer.observer.once('close', () => this.#consumers.delete(producerId));
    return describe(consumer);
  }

  /** The importing side dropped its piped producer. */
  unpipe(producerId: string): void {
    this.#consumers.get(producerId)?.close();
  }

  /** `notify` tells the importing side; not when it asked, nor when it is gone. */
  close({ notify }: { notify: boolean }): void {
    if (this.#closed) return;
    this.#closed = true;
    this.transport.close();
    this.onClose();
    if (notify) this.channel.request('link.close', { linkId: this.linkId }).catch(() => undefined);
  }
}

function describe(consumer: types.Consumer): RouterLinkResponse<'link.pipe'> {
  return { kind: consumer.kind, rtpParameters: consumer.rtpParameters, paused: consumer.producerPaused };
}
