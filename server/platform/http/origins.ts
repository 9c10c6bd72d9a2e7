import type http from 'node:http';

/**
 * Whether a request may act for a browser's signed-in user. A browser names its page's
 * origin in `Origin` on every cross-origin request and on same-origin state changes;
 * a request with no Origin and no cross-site Fetch metadata did not come from another
 * site's page, so command-line clients and the institution's systems pass.
 */
export function fromAllowedOrigin(headers: http.IncomingHttpHeaders, allowed: readonly string[]): boolean {
  const origin = headers.origin;
  if (origin !== undefined) return allowed.includes(origin.toLowerCase());
  return headers['sec-fetch-site'] !== 'cross-site';
}

/**
 * The origins a server answers at out of the box: its name on this machine and the
 * address browsers are told for media. Behind a load balancer, SKYTELLER_ALLOWED_ORIGINS
 * names the public origin instead.
 */
export function originsServedAt(announcedIp: string, port: number): string[] {
  const host = announcedIp.includes(':') ? `[${announcedIp}]` : announcedIp;
  // Port 443 is the scheme's default, which a browser leaves out of Origin.
  const withPort = (name: string) => (port === 443 ? `https://${name}` : `https://${name}:${port}`);
  return [...new Set([withPort('localhost'), withPort(host.toLowerCase())])];
}
