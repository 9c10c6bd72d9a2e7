import type http from 'node:http';
import proxyaddr from 'proxy-addr';

export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * Which hops may tell us the client's address. Only the configured proxies'
 * X-Forwarded-For is believed; anyone else could write any address into it.
 */
export const trustProxies = (proxies: readonly string[]): TrustProxy => proxyaddr.compile([...proxies]);

/** The client's address as limits, logs and the audit chain should see it. */
export const clientAddress = (req: http.IncomingMessage, trust: TrustProxy): string => proxyaddr(req, trust);
