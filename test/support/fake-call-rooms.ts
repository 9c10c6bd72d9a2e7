import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { CallRoom } from '../../server/platform/media/call-room.js';
import { MediaRooms } from '../../server/platform/media/media-rooms.js';

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

/** Media rooms with the real bookkeeping (participants, close, `closed`) over routers without mediasoup. */
export class FakeCallRooms extends MediaRooms {
  /** How many of the next opens fail, like a pool whose workers cannot make a router. */
  failingOpens = 0;

  constructor() {
    super(async (callId) => {
      await Promise.resolve();
      if (this.failingOpens > 0) {
        this.failingOpens--;
        throw new Error('no worker could make a router');
      }
      return new CallRoom(callId, fakeRouter(), {} as types.WebRtcServer);
    });
  }

  /** The worker under a call's router died: the router closes without anyone asking. */
  crash(callId: string): void {
    this.get(callId)!.router.close();
  }
}
