import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { CallRoom } from '../../server/platform/media/call-room.js';
import type { CallRooms } from '../../server/platform/media/call-rooms.js';

/** Just enough of a mediasoup router for a CallRoom to open and close without a worker. */
function fakeRouter(): types.Router {
  const observer = new EventEmitter();
  let closed = false;
  const router = {
    rtpCapabilities: { codecs: [], headerExtensions: [] },
    observer,
    get closed() {
      return closed;
    },
    close() {
      if (closed) return;
      closed = true;
      observer.emit('close');
    },
  };
  return router as unknown as types.Router;
}

/** Media rooms with real CallRoom bookkeeping (participants, close, `closed`) and no mediasoup. */
export class FakeCallRooms implements CallRooms {
  readonly #rooms = new Map<string, CallRoom>();
  /** How many of the next opens fail, like a pool whose workers cannot make a router. */
  failingOpens = 0;

  get count(): number {
    return this.#rooms.size;
  }

  async open(callId: string): Promise<CallRoom> {
    await Promise.resolve();
    if (this.failingOpens > 0) {
      this.failingOpens--;
      throw new Error('no worker could make a router');
    }
    const room = new CallRoom(callId, fakeRouter(), {} as types.WebRtcServer);
    this.#rooms.set(callId, room);
    room.once('closed', () => this.#rooms.delete(callId));
    return room;
  }

  get(callId: string): CallRoom | undefined {
    return this.#rooms.get(callId);
  }

  closeAll(): void {
    for (const room of [...this.#rooms.values()]) room.close();
  }

  /** The worker under a call's router died: the router closes without anyone asking. */
  crash(callId: string): void {
    this.#rooms.get(callId)!.router.close();
  }
}
