import { CallRoom } from './call-room.js';
import type { CallRooms } from './call-rooms.js';
import { MEDIA_CODECS } from './media-codecs.js';
import type { WorkerPool } from './worker-pool.js';

/** Opens one router per call on the pool's least-loaded worker. */
export class MediaRooms implements CallRooms {
  readonly #rooms = new Map<string, CallRoom>();

  constructor(private readonly pool: WorkerPool) {}

  get count(): number {
    return this.#rooms.size;
  }

  async open(callId: string): Promise<CallRoom> {
    if (this.#rooms.has(callId)) throw new Error(`call ${callId} already has a room`);
    const { router, webRtcServer } = await this.pool.createRouter(MEDIA_CODECS);
    const room = new CallRoom(callId, router, webRtcServer);
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
