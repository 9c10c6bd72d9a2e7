import type { SocketClient } from '../common/socket.js';

/**
 * What a call needs of the page's socket: its requests and the server's events,
 * and the node it is connected to, to follow a call held by another node there.
 * The page owns the socket (it also carries the queue, the desk, transfers);
 * tests pass a fake.
 */
export type CallSocket = Pick<SocketClient, 'request' | 'on' | 'nodeId' | 'moveTo'>;
