import https from 'node:https';
import type { Ack } from '../../shared/contracts/errors.js';
import type { ClientResponses } from '../../shared/contracts/socket-events.js';
import { ask, type TestSocket } from './clients.js';

/** A ticket token (sent as Bearer) or the headers of a staff session or API key. */
type Credentials = string | Record<string, string>;

type ImageReply = { status: number; body: { error?: { code: string } } & Record<string, unknown> };

/** Posts image bytes as the request body, as the pages' uploads do. */
export const postImage = (
  target: { url: string; ca: string },
  path: string,
  bytes: Uint8Array,
  as: Credentials,
) => sendImage('POST', target, path, bytes, as);

/** Puts image bytes as the request body, as the institution's systems file a photo. */
export const putImage = (
  target: { url: string; ca: string },
  path: string,
  bytes: Uint8Array,
  as: Credentials,
) => sendImage('PUT', target, path, bytes, as);

function sendImage(
  method: 'POST' | 'PUT',
  target: { url: string; ca: string },
  path: string,
  bytes: Uint8Array,
  as: Credentials,
): Promise<ImageReply> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(path, target.url),
      {
        method,
        ca: target.ca,
        headers: {
          ...(typeof as === 'string' ? { authorization: `Bearer ${as}` } : as),
          'content-type': 'application/octet-stream',
          'content-length': String(bytes.byteLength),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
        );
      },
    );
    req.on('error', reject);
    req.end(bytes);
  });
}

/** The phase a page shows at frame `seq` of `count`, with the frames split evenly across `phases`. */
export const phaseOf = (seq: number, count: number, phases = 2): number =>
  Math.min(phases - 1, Math.floor((seq * phases) / count));

/**
 * Sends frames in order on `socket`, split evenly across the challenge's
 * phases (two movements), the last one marked, and returns every ack.
 * `beforeEach` runs before each frame (a pause, a clock moved on).
 */
export async function sendFrames(
  socket: TestSocket,
  check: { callId: string; checkId: string },
  frames: Uint8Array[],
  beforeEach: (seq: number) => void | Promise<void> = () => undefined,
): Promise<Ack<ClientResponses['face:frame']>[]> {
  const acks: Ack<ClientResponses['face:frame']>[] = [];
  for (const [seq, bytes] of frames.entries()) {
    await beforeEach(seq);
    const phase = phaseOf(seq, frames.length);
    acks.push(
      await ask(socket, 'face:frame', { ...check, seq, phase, last: seq === frames.length - 1, bytes }),
    );
  }
  return acks;
}

/** The same picture with different bytes: a photo held still in front of a camera never yields equal frames. */
export const jitter = (bytes: Uint8Array, n: number): Uint8Array => {
  const out = new Uint8Array(bytes.byteLength + 1);
  out.set(bytes);
  out[bytes.byteLength] = n % 256;
  return out;
};
