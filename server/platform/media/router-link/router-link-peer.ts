import type { types } from 'mediasoup';
import type { RouterLinkChannel } from './router-link-channel.js';
import { RouterLinkError } from './router-link-error.js';
import { RouterLinkExport } from './router-link-export.js';
import {
  isRouterLinkMethod,
  ROUTER_LINK_METHODS,
  type RouterLinkMethod,
  type RouterLinkRequest,
} from './router-link-protocol.js';
import { RouterLink } from './router-link.js';

export interface RouterLinkPeerOptions {
  /** The channel to the one peer node. */
  channel: RouterLinkChannel;
  /** This node's routers the peer may pipe from, by id. */
  findRouter: (routerId: string) => types.Router | undefined;
  /** This node's pipe address and port range. */
  listenInfo: types.TransportListenInfo;
}

/**
 * This node's side of the channel to one peer node: it opens links to the
 * peer's routers (`link`), serves the links the peer opens to this node's
 * routers, and routes each request by its link id. When the peer goes away
 * every link with it closes here, without waiting for anyone.
 */
export class RouterLinkPeer {
  readonly #links = new Map<string, RouterLink>();
  readonly #exports = new Map<string, RouterLinkExport>();
  readonly #onDown = () => this.close({ notify: false });
  #closed = false;

  constructor(private readonly options: RouterLinkPeerOptions) {
    options.channel.serve((method, data) => this.#answer(method, data));
    options.channel.on('down', this.#onDown);
  }

  /** Links `router` here to `remoteRouterId` on the peer. */
  async link(
    router: types.Router,
    remoteRouterId: string,
    options: { enableRtx?: boolean; enableSrtp?: boolean } = {},
  ): Promise<RouterLink> {
    if (this.#closed) throw new RouterLinkError('link_closed', 'the peer is closed');
    const link = await RouterLink.open({
      router,
      remoteRouterId,
      channel: this.options.channel,
      listenInfo: this.options.listenInfo,
      ...options,
      onClose: () => this.#links.delete(link.id),
    });
    if (this.#closed) {
      link.close({ notify: false });
      throw new RouterLinkError('link_closed', 'the peer closed while linking');
    }
    this.#links.set(link.id, link);
    return link;
  }

  /** How many links with the peer are open here, either way. */
  get linkCount(): number {
    return this.#links.size + this.#exports.size;
  }

  /** Closes every link with the peer; `notify` false when the peer is gone. */
  close({ notify = true }: { notify?: boolean } = {}): void {
    if (this.#closed) return;
    this.#closed = true;
    this.options.channel.off('down', this.#onDown);
    for (const link of [...this.#links.values()]) link.close({ notify });
    for (const link of [...this.#exports.values()]) link.close({ notify });
  }

  async #answer(method: string, data: unknown): Promise<unknown> {
    if (!isRouterLinkMethod(method)) throw new RouterLinkError('bad_request', `unknown method ${method}`);
    const parsed = ROUTER_LINK_METHODS[method].request.safeParse(data);
    if (!parsed.success) throw new RouterLinkError('bad_request', `malformed ${method} request`);
    if (this.#closed) throw new RouterLinkError('link_closed', 'this node closed its router links');
    return this.#dispatch(method, parsed.data);
  }

  async #dispatch(method: RouterLinkMethod, data: RouterLinkRequest<RouterLinkMethod>): Promise<unknown> {
    switch (method) {
      case 'link.open':
        return this.#export(data as RouterLinkRequest<'link.open'>);
      case 'link.pipe':
        return this.#exported(data.linkId).pipe((data as RouterLinkRequest<'link.pipe'>).producerId);
      case 'link.unpipe':
        this.#exported(data.linkId).unpipe((data as RouterLinkRequest<'link.unpipe'>).producerId);
        return {};
      case 'link.close':
        this.#links.get(data.linkId)?.close({ notify: false });
        this.#exports.get(data.linkId)?.close({ notify: false });
        return {};
      case 'peer.ping':
        throw new RouterLinkError('bad_request', 'the channel answers pings itself');
      case 'producer.pause':
      case 'producer.resume':
      case 'producer.close': {
        const { producerId } = data as RouterLinkRequest<'producer.pause'>;
        const change =
          method === 'producer.pause' ? 'pause' : method === 'producer.resume' ? 'resume' : 'close';
        this.#links.get(data.linkId)?.sourceChanged(producerId, change);
        return {};
      }
    }
  }

  async #export(request: RouterLinkRequest<'link.open'>): Promise<unknown> {
    const router = this.options.findRouter(request.routerId);
    if (!router || router.closed) {
      throw new RouterLinkError('router_not_found', `no router ${request.routerId} on this node`);
    }
    if (this.#exports.has(request.linkId)) throw new RouterLinkError('bad_request', 'link id in use');
    const { link, endpoint } = await RouterLinkExport.open({
      request,
      router,
      channel: this.options.channel,
      listenInfo: this.options.listenInfo,
      onClose: () => this.#exports.delete(request.linkId),
    });
    if (this.#closed) {
      link.close({ notify: false });
      throw new RouterLinkError('link_closed', 'this node closed its router links');
    }
    this.#exports.set(request.linkId, link);
    return { endpoint };
  }

  #exported(linkId: string): RouterLinkExport {
    const link = this.#exports.get(linkId);
    if (!link) throw new RouterLinkError('link_not_found', `no router link ${linkId} here`);
    return link;
  }
}
