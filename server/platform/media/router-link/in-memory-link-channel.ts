import { EventEmitter } from 'node:events';
import type { RouterLinkChannel, RouterLinkChannelEvents, RouterLinkHandler } from './router-link-channel.js';
import { RouterLinkError } from './router-link-error.js';
import type { RouterLinkMethod, RouterLinkRequest, RouterLinkResponse } from './router-link-protocol.js';

/**
 * Both ends of a channel inside one process, for tests. Data is cloned on
 * the way, as it would be serialised between nodes, and a RouterLinkError
 * keeps its code; `cut()` plays a node going away.
 */
export class InMemoryLinkChannel extends EventEmitter<RouterLinkChannelEvents> implements RouterLinkChannel {
  #peer: InMemoryLinkChannel | undefined;
  #handler: RouterLinkHandler | undefined;
  #down: Error | undefined;

  static pair(): [InMemoryLinkChannel, InMemoryLinkChannel] {
    const a = new InMemoryLinkChannel();
    const b = new InMemoryLinkChannel();
    a.#peer = b;
    b.#peer = a;
    return [a, b];
  }

  serve(handler: RouterLinkHandler): void {
    this.#handler = handler;
  }

  async request<M extends RouterLinkMethod>(
    method: M,
    data: RouterLinkRequest<M>,
  ): Promise<RouterLinkResponse<M>> {
    const peer = this.#peer!;
    if (this.#down) throw new RouterLinkError('peer_down', this.#down.message);
    // A real channel never answers in the same tick either.
    await Promise.resolve();
    if (method === 'peer.ping') return { incarnation: 'in-memory' } as RouterLinkResponse<M>;
    const handler = peer.#handler;
    if (!handler) throw new RouterLinkError('peer_down', 'the peer serves no router links');
    try {
      return structuredClone(await handler(method, structuredClone(data))) as RouterLinkResponse<M>;
    } catch (error) {
      if (error instanceof RouterLinkError) throw new RouterLinkError(error.code, error.message);
      throw new Error('the peer failed to answer', { cause: error });
    }
  }

  /** Both ends see the peer go away, as when the other node dies. */
  cut(): void {
    const error = new Error('the channel was cut');
    for (const end of [this, this.#peer!]) {
      if (end.#down) continue;
      end.#down = error;
      end.emit('down', error);
    }
  }
}
