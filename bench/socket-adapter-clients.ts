/**
 * The clients of the adapter benchmark, in their own process: client i joins
 * room `t:i` on node i mod N. Told to expect `count` deliveries of an event, it
 * answers with each delivery's latency (receipt minus the sender's timestamp)
 * and how many numbered messages came after one sent later.
 */
import { io, type Socket } from 'socket.io-client';
import { machineClockMs } from './stats.js';

const ports = (process.argv[2] ?? '').split(',').map(Number);
const count = Number(process.argv[3]);
const send = (message: unknown): void => void process.send!(message);

let expected = 0;
let latencies: number[] = [];
// Messages that arrived after one sent later than them (the sender numbers them).
let lastSeq = -1;
let reordered = 0;
const received = (payload: { sentAt: number; seq?: number }): void => {
  if (expected === 0) return;
  latencies.push(machineClockMs() - payload.sentAt);
  if (payload.seq !== undefined) {
    if (payload.seq < lastSeq) reordered++;
    lastSeq = Math.max(lastSeq, payload.seq);
  }
  if (latencies.length === expected) {
    send({ type: 'received', latencies, reordered });
    expected = 0;
  }
};

const sockets: Socket[] = [];
for (let i = 0; i < count; i++) {
  const url = `http://127.0.0.1:${ports[i % ports.length]}`;
  const socket = io(url, { auth: { room: `t:${i}` }, transports: ['websocket'], reconnection: false });
  for (const event of ['bench:ping', 'bench:fan', 'bench:all']) socket.on(event, received);
  sockets.push(socket);
}
await Promise.all(
  sockets.map(
    (s) => new Promise<void>((resolve) => (s.connected ? resolve() : s.once('connect', () => resolve()))),
  ),
);
process.on('message', (message: { type: 'expect'; count: number }) => {
  latencies = [];
  lastSeq = -1;
  reordered = 0;
  expected = message.count;
  send({ type: 'armed' });
});
process.on('disconnect', () => {
  for (const s of sockets) s.close();
  process.exit(0);
});
send({ type: 'ready' });
