import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a signed request's clock may be from ours: nodes run NTP, replays age out. */
const SKEW_MS = 30_000;

/**
 * Node-to-node requests carry an HMAC of the sender, the time and the body
 * under the cluster's shared secret, so a router link cannot be opened or
 * closed by anyone who merely reaches a node's port.
 */
export function signLinkRequest(secret: string, nodeId: string, time: number, body: string): string {
  return createHmac('sha256', secret).update(`${nodeId}\n${time}\n${body}`).digest('hex');
}

export function linkSignatureValid(options: {
  secret: string;
  nodeId: string;
  time: number;
  body: string;
  signature: string;
  now: number;
}): boolean {
  const { secret, nodeId, time, body, signature, now } = options;
  if (!Number.isFinite(time) || Math.abs(now - time) > SKEW_MS) return false;
  const expected = Buffer.from(signLinkRequest(secret, nodeId, time, body), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
