import { CallRoom } from './call-room.js';
import type { CallRooms } from './call-rooms.js';
import { MEDIA_CODECS } from './media-codecs.js';
import type { WorkerPool } from './worker-pool.js';

/** How a call's room is made: production asks the worker pool; tests may make rooms without mediasoup. */
export type RoomOpener = (callId: string) => Promise<CallRoom>;

/** The rooms of the calls in progress: one router per call, forgotten when it closes. */
export class MediaRooms implements CallRooms {
  readonly #rooms = new Map<string, CallRoom>();

  constructor(private readonly openRoom: RoomOpener) {}

  /** Rooms on the pool's least-loaded worker. */
  static on(pool: WorkerPool): MediaRooms {
    return new MediaRooms(async (callId) => {
      const { router, webRtcServer } = await pool.createRouter(MEDIA_CODECS);
      return new CallRoom(callId, router, webRtcServer);
    });
  }

  get count(): number {
    return this.#rooms.size;
  }

  async open(callId: string): Promise<CallRoom> {
    if (this.#rooms.has(callId)) throw new Error(`call ${callId} already has a room`);
    const room = await this.openRoom(callId);
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
}
