/** Why a router link request failed; the code crosses the channel unchanged. */
export type RouterLinkErrorCode =
  | 'bad_request'
  | 'router_not_found'
  | 'link_not_found'
  | 'producer_not_found'
  | 'link_closed'
  | 'peer_unreachable'
  | 'peer_down';

export class RouterLinkError extends Error {
  constructor(
    readonly code: RouterLinkErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RouterLinkError';
  }
}
