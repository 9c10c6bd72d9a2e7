/**
 * The customers' side of the fan-out benchmark, in its own process: connects
 * one socket.io client per ticket token, reports when all are connected, then
 * reports when every client has received its new position.
 */
import fs from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import { wallClockMs } from './stats.js';

const [url, caFile, tokensFile] = process.argv.slice(2) as [string, string, string];
const ca = fs.readFileSync(caFile, 'utf8');
const tokens = JSON.parse(fs.readFileSync(tokensFile, 'utf8')) as string[];
const send = (message: unknown): void => void process.send!(message);

const sockets: Socket[] = [];
const lastPosition = new Map<Socket, number>();
let expecting = 0;
let latest = 0;

for (const ticketToken of tokens) {
  const socket = io(url, { auth: { ticketToken }, ca, transports: ['websocket'], reconnection: false });
  sockets.push(socket);
  socket.on('queue:position', (update: { position: number }) => {
    const previous = lastPosition.get(socket);
    lastPosition.set(socket, update.position);
    if (expecting > 0 && previous !== undefined && update.position !== previous) {
      latest = wallClockMs();
      if (--expecting === 0) send({ type: 'all-updated', at: latest });
    }
  });
}
await Promise.all(
  sockets.map(
    (s) => new Promise<void>((resolve) => (s.connected ? resolve() : s.once('connect', () => resolve()))),
  ),
);
// Everyone asks once, as a page does on connecting, so each knows its current place.
await Promise.all(
  sockets.map(async (s) => {
    const ack = (await s.timeout(30_000).emitWithAck('ticket:status', {})) as {
      data: { ticket: { position: number } };
    };
    lastPosition.set(s, ack.data.ticket.position);
  }),
);
process.on('message', (message: { type: string; expect: number }) => {
  if (message.type !== 'expect') return;
  expecting = message.expect;
  send({ type: 'armed' });
});
send({ type: 'ready' });
process.on('disconnect', () => {
  for (const s of sockets) s.close();
  process.exit(0);
});
