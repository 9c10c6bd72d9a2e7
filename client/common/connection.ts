import { SERVER_DISCONNECT_RETRY_MS } from '../../shared/contracts/reconnection.js';
import type { SocketClient } from './socket.js';
import type { StatusLine } from './status-line.js';

export interface ConnectionHandlers {
  /** Runs on the first connect and on every reconnect: the place to re-fetch state. */
  onConnect(): void;
  /** The server refused the credentials: they are gone for good. */
  onUnauthorized(): void;
}

/** Shared socket life-cycle: status messages, retries, and refused credentials. */
export function watchConnection(
  client: SocketClient,
  status: StatusLine,
  handlers: ConnectionHandlers,
): void {
  const { socket } = client;
  const retryLater = (): void => {
    setTimeout(() => {
      if (!client.closed && !socket.connected) socket.connect();
    }, SERVER_DISCONNECT_RETRY_MS);
  };
  status.info('status.connecting');
  socket.on('connect', () => {
    status.clearIf('status.connecting', 'status.reconnecting');
    handlers.onConnect();
  });
  socket.on('connect_error', (error) => {
    if (error.message === 'unauthorized') {
      handlers.onUnauthorized();
      return;
    }
    status.info('status.reconnecting');
    // A refusal by the server's middleware stops socket.io's own retries.
    if (!socket.active) retryLater();
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io client disconnect') return;
    status.info('status.reconnecting');
    if (reason === 'io server disconnect') retryLater();
  });
}
