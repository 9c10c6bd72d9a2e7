import https from 'node:https';
import { rootCertificates } from 'node:tls';

/** The process id a node's `/healthz` names, or undefined when it does not answer in time. */
export type NodeProbe = (url: string) => Promise<number | undefined>;

/**
 * Asks a node's own address for its `/healthz` (any status: a draining node answers 503 and is
 * still there). Through node:https with `trust` added to the public CAs, because the nodes of a
 * cluster often share a self-signed certificate.
 */
export function healthzProbe(trust: string | undefined, timeoutMs: number): NodeProbe {
  const agent = new https.Agent({ ca: trust ? [...rootCertificates, trust] : undefined });
  return (url) =>
    new Promise((resolve) => {
      const request = https.get(new URL('/healthz', url), { agent, signal: AbortSignal.timeout(timeoutMs) });
      request.once('error', () => resolve(undefined));
      request.once('response', (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (text.length < 4096) text += chunk;
        });
        response.once('error', () => resolve(undefined));
        response.once('end', () => resolve(pidIn(text)));
      });
    });
}

function pidIn(text: string): number | undefined {
  try {
    const body = JSON.parse(text) as { pid?: unknown };
    return typeof body.pid === 'number' ? body.pid : undefined;
  } catch {
    return undefined;
  }
}
