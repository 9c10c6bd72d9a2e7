import { ticketChannel, type Principal } from '../identity/index.js';
import type { AppServer } from '../platform/socket/socket-server.js';
import type { QueueFeature } from './queue-setup.js';

/** The topic of the queue's notices among the nodes' `node:notice`s. */
const TOPIC = 'queue';

/**
 * Connects the queue's leader link to the other nodes through socket.io's
 * adapter: notices go out with `io.serverSideEmit`, and a page of a ticket is
 * looked for on every node with `fetchSockets()` on its room.
 *
 * Why the adapter rather than PostgreSQL's LISTEN/NOTIFY: with several nodes
 * the pushes already ride it (Redis, "Shared signalling"), in order and with
 * no extra connection; a notice only says "look again at the store", so a
 * lost one costs nothing a leader's rebuild does not repair. Without Redis
 * (`shared` false: one node) there is nobody to tell, and the in-memory
 * adapter would only warn on every notice.
 */
export function linkQueueNodes(
  io: AppServer<Principal>,
  queue: Pick<QueueFeature, 'link' | 'heard'>,
  shared: boolean,
): void {
  queue.link.connect({
    tell: (notice) => {
      if (shared) io.serverSideEmit('node:notice', TOPIC, notice);
    },
    pagesAnywhere: async (ticketId) => (await io.in(ticketChannel(ticketId)).fetchSockets()).length > 0,
  });
  io.on('node:notice', (topic, body) => {
    if (topic === TOPIC) queue.heard(body);
  });
}
