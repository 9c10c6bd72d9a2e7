import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../../shared/contracts/errors.js';
import { ACK_TIMEOUT_MS } from '../../shared/contracts/ack-timeout.js';
import type {
  ClientRequestName,
  ClientRequestPayload,
  ClientResponses,
  ClientToServerEvents,
  ServerToClientEvents,
} from '../../shared/contracts/socket-events.js';
import { ApiError } from './api.js';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ServerEventName = keyof ServerToClientEvents;

// socket.io's own generics cannot relate a generic event name to its ack type,
// so requests go through this narrower signature instead.
type EmitWithAck = (event: string, payload: unknown) => Promise<unknown>;

export class SocketClient {
  readonly socket: AppSocket;
  private isClosed = false;

  /** A customer's page shows its ticket token; a staff page's session goes in its cookie. */
  constructor(auth: Record<string, string> = {}) {
    this.socket = io({ auth });
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
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }
}

/** The stable code carried by any error this app throws, for localized messages. */
export function errorCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return 'internal';
}
