import type { RouterLinkMethod, RouterLinkRequest, RouterLinkResponse } from './router-link-protocol.js';

/** Answers a request that arrived from the peer node; data is still unchecked. */
export type RouterLinkHandler = (method: string, data: unknown) => Promise<unknown>;

export type RouterLinkChannelEvents = { down: [error: Error] };

/**
 * A request/response path to ONE peer node, whatever carries it (memory in
 * tests, HTTP between nodes, later the cluster bus). A failed request rejects
 * with a RouterLinkError when the peer answered with one; `down` fires once
 * when the peer is known to be gone, after which every request rejects.
 */
export interface RouterLinkChannel {
  request<M extends RouterLinkMethod>(method: M, data: RouterLinkRequest<M>): Promise<RouterLinkResponse<M>>;
  /** Sets the one handler for requests from the peer. */
  serve(handler: RouterLinkHandler): void;
  on(event: 'down', listener: (error: Error) => void): unknown;
  off(event: 'down', listener: (error: Error) => void): unknown;
}
