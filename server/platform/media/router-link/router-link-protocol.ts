import type { types } from 'mediasoup';
import { z } from 'zod';

/**
 * What the two halves of a router link say to each other over the channel
 * between their nodes. Every message names its link, so one channel between
 * two nodes carries any number of links. The data crosses the network, so the
 * receiving side checks it against these schemas before acting on it.
 */

const id = z.string().min(1).max(100);
const json = <T>() => z.custom<T>((value) => typeof value === 'object' && value !== null);

/** One side's pipe transport, as the other side connects to it. */
const endpoint = z.object({
  ip: z.string().min(1).max(255),
  port: z.number().int().min(1).max(65535),
  srtpParameters: json<types.SrtpParameters>().optional(),
});
export type PipeEndpoint = z.infer<typeof endpoint>;

/** Where the other side sends to: the announced address when one is set. */
export function endpointOf(transport: types.PipeTransport): PipeEndpoint {
  return {
    ip: transport.tuple.localAddress,
    port: transport.tuple.localPort,
    ...(transport.srtpParameters ? { srtpParameters: transport.srtpParameters } : {}),
  };
}

const linkRef = z.object({ linkId: id });
const producerRef = z.object({ linkId: id, producerId: id });
const empty = z.object({});

export const ROUTER_LINK_METHODS = {
  /** Importing side → exporting side: make your pipe transport and connect it to mine. */
  'link.open': {
    request: z.object({
      linkId: id,
      routerId: id,
      endpoint,
      enableRtx: z.boolean(),
      enableSrtp: z.boolean(),
    }),
    response: z.object({ endpoint }),
  },
  /** Importing → exporting: consume this producer into the pipe; here is what to produce. */
  'link.pipe': {
    request: producerRef,
    response: z.object({
      kind: z.enum(['audio', 'video']),
      rtpParameters: json<types.RtpParameters>(),
      paused: z.boolean(),
    }),
  },
  /** Importing → exporting: the piped producer was closed here; stop sending it. */
  'link.unpipe': { request: producerRef, response: empty },
  /** Either way: the link is closed on my side. */
  'link.close': { request: linkRef, response: empty },
  /**
   * Is the peer still the process it was? Answered by the transport itself
   * with the id the peer process drew at start-up, so a restarted peer
   * (whose links died with it) counts as gone.
   */
  'peer.ping': { request: empty, response: z.object({ incarnation: id }) },
  /** Exporting → importing: the source producer paused, resumed or closed. */
  'producer.pause': { request: producerRef, response: empty },
  'producer.resume': { request: producerRef, response: empty },
  'producer.close': { request: producerRef, response: empty },
} as const;

export type RouterLinkMethod = keyof typeof ROUTER_LINK_METHODS;
export type RouterLinkRequest<M extends RouterLinkMethod> = z.infer<
  (typeof ROUTER_LINK_METHODS)[M]['request']
>;
export type RouterLinkResponse<M extends RouterLinkMethod> = z.infer<
  (typeof ROUTER_LINK_METHODS)[M]['response']
>;

export function isRouterLinkMethod(method: string): method is RouterLinkMethod {
  return Object.hasOwn(ROUTER_LINK_METHODS, method);
}
