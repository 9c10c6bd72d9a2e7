import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';

/** What a peer answered: its status and body. */
export interface LinkAnswer {
  status: number;
  text: string;
}

/** Sends one router link request; rejects when the peer cannot be reached in time. */
export type LinkPost = (
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
) => Promise<LinkAnswer>;

/** A peer's answer is a small JSON message; more than this is not one. */
const MAX_ANSWER_BYTES = 256 * 1024;

/**
 * POSTs with node:http(s) rather than fetch, because a cluster's nodes often
 * serve a certificate of their own (`npm run cluster` gives every node the same
 * self-signed one): `trust` adds it to the public CAs for the peers' HTTPS.
 */
export function linkPost(trust?: string): LinkPost {
  const agent = new https.Agent({ keepAlive: true, ca: trust ? [...rootCertificates, trust] : undefined });
  return (url, headers, body, timeoutMs) =>
    new Promise<LinkAnswer>((resolve, reject) => {
      const secure = url.protocol === 'https:';
      const request = (secure ? https : http).request(url, {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        ...(secure ? { agent } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
      request.once('error', reject);
      request.once('response', (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) response.destroy(new Error('the peer answered too much'));
          else chunks.push(chunk);
        });
        response.once('error', reject);
        response.once('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
      });
      request.end(body);
    });
}
