import type { Socket } from 'socket.io';

/** What engine.io keeps per connection, beyond its public typings. */
interface EngineConnection {
  transport?: { socket?: { bufferedAmount?: number; terminate?: () => void } };
  on(event: 'packetCreate', listener: (packet: { data?: unknown }) => void): void;
  on(event: 'flush', listener: () => void): void;
  close(): void;
}

/**
 * Disconnects `socket` once what it has not yet taken passes `maxBytes`: the
 * packets engine.io queues while the transport cannot write, plus what the
 * WebSocket itself has buffered. A client that stops reading would otherwise
 * make the server hold every push meant for it, without end. Counting is O(1)
 * per packet: engine.io hands its whole queue to the transport on `flush`.
 */
export function capOutgoingBuffer(socket: Socket, maxBytes: number, onCut: () => void): void {
  const conn = socket.conn as unknown as EngineConnection;
  let queued = 0;
  let cut = false;
  conn.on('flush', () => {
    queued = 0;
  });
  conn.on('packetCreate', (packet) => {
    queued += sizeOf(packet.data);
    const buffered = conn.transport?.socket?.bufferedAmount ?? 0;
    if (cut || queued + buffered <= maxBytes) return;
    cut = true;
    onCut();
    // At once: a graceful close would wait behind the data the client is not reading.
    const ws = conn.transport?.socket;
    if (ws?.terminate) ws.terminate();
    else conn.close();
  });
}

function sizeOf(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  return 16;
}
