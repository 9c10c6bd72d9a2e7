import type { CallRoom } from './call-room.js';

/** The rooms of the calls in progress, by call id. */
export interface CallRooms {
  open(callId: string): Promise<CallRoom>;
  get(callId: string): CallRoom | undefined;
  readonly count: number;
  closeAll(): void;
}
