import { EventEmitter } from 'node:events';
import type { RouterLinkChannel, RouterLinkChannelEvents, RouterLinkHandler } from './router-link-channel.js';
import { RouterLinkError, type RouterLinkErrorCode } from './router-link-error.js';
import type { RouterLinkMethod, RouterLinkRequest, RouterLinkResponse } from './router-link-protocol.js';
import { signLinkRequest } from './link-signature.js';
import { linkPost, type LinkAnswer, type LinkPost } from './link-post.js';

export interface HttpLinkChannelOptions {
  /** This node's id, as the peer's endpoint knows it. */
  nodeId: string;
  /** The peer node's base URL, reachable from this node (not the public origin). */
  peerUrl: string;
  /** The secret every node of the cluster shares for node-to-node requests. */
  secret: string;
  /** How long one request may take before the peer counts as unreachable. */
  timeoutMs?: number;
  /** Pings the peer this often; 0 turns pinging off. */
  pingIntervalMs?: number;
  /** The peer is gone after this many requests or pings in a row fail to reach it. */
  missedPings?: number;
  now?: () => number;
  /** How requests reach the peer; default: node:http(s) trusting the public CAs. */
  post?: LinkPost;
}

/** The path every node serves router link requests on (RouterLinkHttpEndpoint). */
export const ROUTER_LINK_PATH = '/internal/router-link';

/**
 * A channel to one peer node over HTTP: each request is a signed POST to the
 * peer's RouterLinkHttpEndpoint, and requests from the peer arrive through
 * this node's endpoint, which hands them to `deliver`. The peer counts as
 * gone when a request cannot reach it, when pings go unanswered, or when it
 * answers as another process (it restarted, and its links died with it).
 */
export class HttpLinkChannel extends EventEmitter<RouterLinkChannelEvents> implements RouterLinkChannel {
  #handler: RouterLinkHandler | undefined;
  #down: Error | undefined;
  #incarnation: string | undefined;
  #missed = 0;
  readonly #timer: NodeJS.Timeout | undefined;
  readonly #post: LinkPost;

  constructor(private readonly options: HttpLinkChannelOptions) {
    super();
    this.#post = options.post ?? linkPost();
    const interval = options.pingIntervalMs ?? 2000;
    if (interval > 0) this.#timer = setInterval(() => void this.#ping(), interval).unref();
  }

  get isDown(): boolean {
    return this.#down !== undefined;
  }

  serve(handler: RouterLinkHandler): void {
    this.#handler = handler;
  }

  /** A request from the peer, already authenticated by the endpoint. */
  async deliver(method: string, data: unknown): Promise<unknown> {
    if (this.#down) throw new RouterLinkError('peer_down', 'this node counts the sender as gone');
    if (!this.#handler) throw new RouterLinkError('link_not_found', 'no router links served here');
    return this.#handler(method, data);
  }

  async request<M extends RouterLinkMethod>(
    method: M,
    data: RouterLinkRequest<M>,
  ): Promise<RouterLinkResponse<M>> {
    if (this.#down) throw new RouterLinkError('peer_down', this.#down.message);
    const { nodeId, peerUrl, secret, timeoutMs = 5000, now = Date.now } = this.options;
    const body = JSON.stringify({ method, data });
    const time = now();
    let response: LinkAnswer;
    try {
      response = await this.#post(
        new URL(ROUTER_LINK_PATH, peerUrl),
        {
          'content-type': 'application/json',
          'x-skyteller-node': nodeId,
          'x-skyteller-time': String(time),
          'x-skyteller-signature': signLinkRequest(secret, nodeId, time, body),
        },
        body,
        timeoutMs,
      );
    } catch (error) {
      // Unreachable or too slow: a few of these in a row and the peer is gone.
      this.#missedOne(new Error(`peer ${peerUrl} unreachable`, { cause: error }));
      throw new RouterLinkError('peer_unreachable', `peer ${peerUrl} unreachable`);
    }
    this.#missed = 0;
    const answer = parseAnswer(response.text);
    if (response.status >= 200 && response.status < 300 && 'result' in answer)
      return answer.result as RouterLinkResponse<M>;
    // The peer already wrote this node off (and closed its links with it): so must we.
    if (answer.error?.code === 'peer_down') this.#goDown(new Error('the peer counts this node as gone'));
    throw new RouterLinkError(
      answer.error?.code ?? 'bad_request',
      answer.error?.message ?? `peer answered ${response.status}`,
    );
  }

  /** Stops pinging; the peer counts as gone from here on. */
  close(): void {
    this.#goDown(new Error('the channel was closed'));
  }

  async #ping(): Promise<void> {
    if (this.#down) return;
    try {
      const { incarnation } = await this.request('peer.ping', {});
      this.#incarnation ??= incarnation;
      if (incarnation !== this.#incarnation) this.#goDown(new Error('the peer restarted'));
    } catch (error) {
      // Unreachable is counted by request(); an answer that is not a pong counts here.
      if (!(error instanceof RouterLinkError && ['peer_down', 'peer_unreachable'].includes(error.code))) {
        this.#missedOne(new Error('the peer answers no pings', { cause: error }));
      }
    }
  }

  #missedOne(error: Error): void {
    if (++this.#missed >= (this.options.missedPings ?? 3)) this.#goDown(error);
  }

  #goDown(error: Error): void {
    if (this.#down) return;
    this.#down = error;
    clearInterval(this.#timer);
    this.emit('down', error);
  }
}

function parseAnswer(text: string): {
  result?: unknown;
  error?: { code?: RouterLinkErrorCode; message?: string };
} {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}
