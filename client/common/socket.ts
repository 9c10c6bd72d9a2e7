import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../../shared/contracts/errors.js';
import { ACK_TIMEOUT_MS } from '../../shared/contracts/ack-timeout.js';
import { PAGE_RECONNECTION } from '../../shared/contracts/reconnection.js';
import type {
  ClientRequestName,
  ClientRequestPayload,
  ClientResponses,
  ClientToServerEvents,
  ServerToClientEvents,
} from '../../shared/contracts/socket-events.js';
import { ApiError, nodePrefix, setApiNode } from './api.js';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ServerEventName = keyof ServerToClientEvents;

// socket.io's own generics cannot relate a generic event name to its ack type,
// so requests go through this narrower signature instead.
type EmitWithAck = (event: string, payload: unknown) => Promise<unknown>;

export interface SocketClientOptions {
  /** The node to open on (README, "Pages follow their call's node"); null or absent: the load balancer's choice. */
  nodeId?: string | null;
  /** False: the socket opens on connect() (the teller's desk first asks where to sit). */
  autoConnect?: boolean;
  /**
   * A node found unreachable is not pinned again before this long: a state answer that still
   * names a node that just died would otherwise bounce the page between it and the balancer.
   */
  retryPinMs?: number;
  clock?: () => number;
}

const RETRY_PIN_MS = 5_000;

/** socket.io's path on `nodeId` alone (haproxy takes the prefix off), or through the load balancer. */
export function socketPath(nodeId: string | null): string {
  return `${nodePrefix(nodeId)}/socket.io`;
}

export class SocketClient {
  readonly socket: AppSocket;
  private isClosed = false;
  /** What the serving node said it is, first thing on the connection. */
  private hello: string | null = null;
  private pinned: string | null = null;
  private readonly unreachableAt = new Map<string, number>();
  private laterMove: ReturnType<typeof setTimeout> | undefined;
  private readonly retryPinMs: number;
  private readonly clock: () => number;

  /** A customer's page shows its ticket token; a staff page's session goes in its cookie. */
  constructor(auth: Record<string, string> = {}, options: SocketClientOptions = {}) {
    this.retryPinMs = options.retryPinMs ?? RETRY_PIN_MS;
    this.clock = options.clock ?? Date.now;
    // A Manager of its own (forceNew): moving changes its path, which no other socket may share.
    this.socket = io({ auth, forceNew: true, autoConnect: false, ...PAGE_RECONNECTION });
    this.pin(options.nodeId ?? null);
    this.socket.on('node:hello', ({ nodeId }) => {
      this.hello = nodeId;
      // Which node serves the page, for whoever looks into it (support, the cluster tests).
      if (typeof document !== 'undefined') document.documentElement.dataset.node = nodeId;
    });
    this.socket.on('connect_error', () => this.pinnedUnreachable());
    if (options.autoConnect ?? true) this.socket.connect();
  }

  /** The node serving this page's connection, as it said on connecting; null before it has. */
  get nodeId(): string | null {
    return this.hello;
  }

  /** The node the socket is pinned to; null: it goes through the load balancer. */
  get pinnedNode(): string | null {
    return this.pinned;
  }

  /** Opens a socket made with `autoConnect: false`. */
  connect(): void {
    if (!this.isClosed) this.socket.connect();
  }

  /**
   * Pins the socket to `nodeId` (null: back to the load balancer) and reconnects
   * it there: the same Socket object, so every listener stays, and the page's
   * usual refresh on connect picks its state up from the new node. Nothing to do
   * when already pinned there. Already connected to that node through the load
   * balancer, only later reconnects need the new path. A socket not open (not
   * yet, or refused by the server) opens there when it next tries.
   */
  moveTo(nodeId: string | null): void {
    if (this.isClosed) return;
    clearTimeout(this.laterMove);
    if (nodeId === this.pinned) return;
    const wait =
      nodeId === null ? 0 : (this.unreachableAt.get(nodeId) ?? -Infinity) + this.retryPinMs - this.clock();
    if (wait > 0) {
      this.laterMove = setTimeout(() => this.moveTo(nodeId), wait);
      return;
    }
    const alreadyThere = nodeId !== null && this.socket.connected && this.hello === nodeId;
    this.pin(nodeId);
    if (!alreadyThere && this.socket.active) this.reconnect();
  }

  async request<E extends ClientRequestName>(
    event: E,
    payload: ClientRequestPayload<E>,
  ): Promise<ClientResponses[E]> {
    const timed = this.socket.timeout(ACK_TIMEOUT_MS);
    const emitWithAck = timed.emitWithAck.bind(timed) as unknown as EmitWithAck;
    let result: unknown;
    try {
      result = await emitWithAck(event, payload);
    } catch {
      throw new ApiError(0, 'timeout', `${event}: no answer within ${ACK_TIMEOUT_MS} ms`);
    }
    const ack = result as Ack<ClientResponses[E]> | null;
    if (!ack || typeof ack !== 'object') throw new ApiError(0, 'internal', `${event}: malformed answer`);
    if (!ack.ok) throw new ApiError(0, ack.error.code, ack.error.message, ack.error.issues);
    return ack.data;
  }

  /** Subscribes to a server event; returns the unsubscribe function. */
  on<E extends ServerEventName>(event: E, handler: ServerToClientEvents[E]): () => void {
    const listen = this.socket.on.bind(this.socket) as (e: E, h: ServerToClientEvents[E]) => void;
    const unlisten = this.socket.off.bind(this.socket) as (e: E, h: ServerToClientEvents[E]) => void;
    listen(event, handler);
    return () => unlisten(event, handler);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  close(): void {
    this.isClosed = true;
    clearTimeout(this.laterMove);
    // The page's REST goes through the load balancer again (a sign-out, the next visit).
    if (this.pinned !== null) setApiNode(null);
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }

  private pin(nodeId: string | null): void {
    this.pinned = nodeId;
    // The Manager makes each new engine from these options: the next (re)connect goes there.
    this.socket.io.opts.path = socketPath(nodeId);
    setApiNode(nodeId);
  }

  private reconnect(): void {
    // Reason 'io client disconnect': connection.ts shows nothing for it, and 'connect' refreshes the page.
    this.socket.disconnect();
    this.socket.connect();
  }

  /**
   * The pinned node could not be reached (haproxy answers 503 for a node that is
   * down; a node gone mid-call fails socket.io's reconnect attempts): the page
   * goes back to the load balancer, which picks a live node, and that node's
   * state answer says where the call is now. A refusal by the node's middleware
   * (the socket is no longer active, as socket.io does not retry it) is an
   * answer, not a node down: the socket stays.
   */
  private pinnedUnreachable(): void {
    if (this.pinned === null || !this.socket.active) return;
    this.unreachableAt.set(this.pinned, this.clock());
    this.pin(null);
    // After socket.io is done with the failed attempt (it has just planned its next one, with a back-off).
    setTimeout(() => {
      if (!this.isClosed && this.pinned === null && this.socket.active && !this.socket.connected)
        this.reconnect();
    }, 0);
  }
}

/** The stable code carried by any error this app throws, for localized messages. */
export function errorCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return 'internal';
}
