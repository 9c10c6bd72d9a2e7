import https from 'node:https';
import type { HealthView } from '../../shared/contracts/rest-routes.js';
import type { SupervisedChild } from './supervised-child.js';

/**
 * One GET healthz under `url` (an origin, or a path such as `…/node/node-2/`) over a fresh
 * connection: no keep-alive, so behind the load balancer each one may reach another node.
 */
export function getHealth(
  url: string,
  ca: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: HealthView; setCookie: string[] }> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      new URL('healthz', url.endsWith('/') ? url : `${url}/`),
      { ca, agent: false, headers, timeout: 10_000 },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          try {
            resolve({
              status: res.statusCode ?? 0,
              body: JSON.parse(text) as HealthView,
              setCookie: res.headers['set-cookie'] ?? [],
            });
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      },
    );
    req.once('timeout', () => req.destroy(new Error('no answer within 10 s')));
    req.once('error', reject);
  });
}

/** Asks /healthz until it answers 200; fails at once if the process behind it exits or `abort` fires. */
export async function waitUntilHealthy(
  url: string,
  ca: string,
  child: SupervisedChild,
  timeoutMs: number,
  abort?: AbortSignal,
): Promise<HealthView> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | undefined;
  void child.exited.then((how) => (exited = how));
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    abort?.throwIfAborted();
    if (exited) throw new Error(`${child.name} ${exited} while starting (see its log)`);
    try {
      const { status, body } = await getHealth(url, ca);
      if (status === 200) return body;
      last = `status ${status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${child.name} did not become healthy at ${url} within ${timeoutMs / 1000} s (${last})`);
}
