import type { IncomingMessage } from 'node:http';
import { io } from 'socket.io-client';
import { SESSION_COOKIE } from '../../shared/contracts/auth.js';
import { PAGE_RECONNECTION, SERVER_DISCONNECT_RETRY_MS } from '../../shared/contracts/reconnection.js';
import { STICKY_COOKIE } from '../../scripts/cluster/haproxy-config.js';
import { httpRequest, type HttpResult, type TestSocket } from './clients.js';

/**
 * One browser in front of a cluster's load balancer: its own cookie jar (the
 * sticky node cookie haproxy sets, a staff session), sent with every request
 * and every socket.io connection and updated from every answer, as a browser
 * does. Each browser has its own jar, so haproxy spreads browsers over the
 * nodes and keeps each on its node; after its node dies haproxy sends it to
 * another and sets the cookie anew.
 */
export class LbBrowser {
  readonly #cookies = new Map<string, string>();
  /** The node that answered this browser's socket last (`node:hello`). */
  nodeId: string | undefined;

  constructor(
    readonly lb: { url: string; ca: string },
    /** The customer's address as the nodes see it (haproxy appends the connection's): each its own rate limits. */
    private readonly address: string,
  ) {}

  /** The node haproxy pinned this browser to, as its cookie says. */
  get pinnedTo(): string | undefined {
    return this.#cookies.get(STICKY_COOKIE);
  }

  get session(): string | undefined {
    const value = this.#cookies.get(SESSION_COOKIE);
    return value === undefined ? undefined : decodeURIComponent(value);
  }

  #cookieHeader(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  #remember(setCookie: string | string[] | undefined): void {
    for (const cookie of [setCookie ?? []].flat()) {
      const [pair] = cookie.split(';');
      const at = pair!.indexOf('=');
      if (at > 0) this.#cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
  }

  #headers(): Record<string, string> {
    const cookie = this.#cookieHeader();
    return { 'x-forwarded-for': this.address, ...(cookie ? { cookie } : {}) };
  }

  async request<T>(method: string, path: string, json?: unknown): Promise<HttpResult<T>> {
    const res = await httpRequest<T>(this.lb, method, path, { json, headers: this.#headers() });
    this.#remember(res.headers['set-cookie']);
    return res;
  }

  /**
   * A socket.io connection through the load balancer that reconnects by itself, as a page's
   * does (WebSocket only: one request per connection, so 2,000 of them stay cheap).
   */
  openSocket(auth: Record<string, string> = {}): TestSocket {
    const extraHeaders = this.#headers();
    const socket: TestSocket = io(this.lb.url, {
      auth,
      extraHeaders,
      ca: this.lb.ca,
      transports: ['websocket'],
      // A connection of its own, never one shared with another browser of this process.
      forceNew: true,
      // As a page tries again (the benchmark measures what pages do).
      ...PAGE_RECONNECTION,
    });
    const manager = socket.io;
    // The connection's upgrade answer carries haproxy's Set-Cookie when it (re)pinned this
    // browser. socket.io-client keeps no jar for WebSocket in Node, so the answer is read off
    // the `ws` socket, which exists as soon as the manager has opened its engine (synchronously).
    const watchUpgrade = (): void => {
      const transport = (manager.engine as unknown as { transport?: { ws?: NodeWebSocket } } | undefined)
        ?.transport;
      transport?.ws?.once?.('upgrade', (res: IncomingMessage) => this.#remember(res.headers['set-cookie']));
    };
    watchUpgrade();
    manager.on('reconnect_attempt', () => {
      // The headers object is the manager's own: the next attempt sends the jar as it is now.
      Object.assign(extraHeaders, this.#headers());
      queueMicrotask(watchUpgrade);
    });
    socket.on('node:hello', ({ nodeId }) => (this.nodeId = nodeId));
    // As a page does (client/common/connection.ts): socket.io gives up after a server's disconnect,
    // and the page connects again unless it was closed meanwhile.
    let closed = false;
    const disconnect = socket.disconnect.bind(socket);
    socket.disconnect = () => {
      closed = true;
      return disconnect();
    };
    socket.on('disconnect', (reason) => {
      if (reason !== 'io server disconnect') return;
      setTimeout(() => {
        if (!socket.connected && !closed) {
          Object.assign(extraHeaders, this.#headers());
          socket.connect();
          queueMicrotask(watchUpgrade);
        }
      }, SERVER_DISCONNECT_RETRY_MS);
    });
    return socket;
  }
}

interface NodeWebSocket {
  once?(event: 'upgrade', listener: (res: IncomingMessage) => void): void;
}
