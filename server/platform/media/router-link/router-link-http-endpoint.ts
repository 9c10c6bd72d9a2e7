import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpLinkChannel } from './http-link-channel.js';
import { linkSignatureValid } from './link-signature.js';
import { RouterLinkError } from './router-link-error.js';

export interface RouterLinkHttpEndpointOptions {
  /** The secret every node of the cluster shares for node-to-node requests. */
  secret: string;
  /** The channel to the node that sent a request, by its id; undefined: not a peer. */
  channelFor: (nodeId: string) => HttpLinkChannel | undefined;
  now?: () => number;
}

/** Router link messages are small; a larger body is not one. */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * Where a node receives router link requests from its peers (POST
 * ROUTER_LINK_PATH): checks the sender's signature, answers pings with this
 * process's incarnation, and hands everything else to the channel for that
 * peer. A plain node:http handler, so it mounts on Express or a bare server.
 */
export class RouterLinkHttpEndpoint {
  /** Drawn once per process: a peer that sees it change knows this node restarted. */
  readonly incarnation = randomUUID();

  constructor(private readonly options: RouterLinkHttpEndpointOptions) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(payload));
    };
    const refuse = (status: number, code: string, message: string) =>
      reply(status, { error: { code, message } });
    if (req.method !== 'POST') return refuse(405, 'bad_request', 'POST only');
    const body = await readBody(req).catch(() => undefined);
    if (body === undefined) return refuse(413, 'bad_request', 'body too large');
    const nodeId = header(req, 'x-skyteller-node');
    const valid = linkSignatureValid({
      secret: this.options.secret,
      nodeId,
      time: Number(header(req, 'x-skyteller-time')),
      body,
      signature: header(req, 'x-skyteller-signature'),
      now: (this.options.now ?? Date.now)(),
    });
    if (!valid) return refuse(401, 'unauthorized', 'bad node signature');
    let message: { method?: unknown; data?: unknown };
    try {
      message = JSON.parse(body) as typeof message;
    } catch {
      return refuse(400, 'bad_request', 'body is not JSON');
    }
    if (typeof message.method !== 'string') return refuse(400, 'bad_request', 'no method');
    const channel = this.options.channelFor(nodeId);
    if (message.method === 'peer.ping') {
      if (channel?.isDown) return refuse(409, 'peer_down', `node ${nodeId} counts as gone here`);
      return reply(200, { result: { incarnation: this.incarnation } });
    }
    if (!channel) return refuse(404, 'link_not_found', `no channel to node ${nodeId}`);
    try {
      reply(200, { result: (await channel.deliver(message.method, message.data)) ?? {} });
    } catch (error) {
      if (error instanceof RouterLinkError) return refuse(409, error.code, error.message);
      refuse(500, 'internal', 'router link request failed');
    }
  }
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return typeof value === 'string' ? value : '';
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
