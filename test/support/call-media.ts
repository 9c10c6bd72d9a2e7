import type { CallRooms } from '../../server/media/call-rooms.js';
import { startSyntheticSender, type SyntheticSender } from './rtp-sender.js';

/**
 * Synthetic media for one participant of a call in progress: an FFmpeg
 * sender (VP8 test picture and an Opus tone) producing into the call's
 * router through PlainTransports, taken in by the call's room as that
 * participant's producers, as if its page sent them. Stop it with `stop()`
 * (or killAllSenders) even when a test fails.
 */
export async function sendIntoCall(
  server: { rooms: CallRooms },
  callId: string,
  participantKey: string,
  options: { frequency?: number } = {},
): Promise<SyntheticSender> {
  const room = server.rooms.get(callId);
  if (!room) throw new Error(`no room for call ${callId}`);
  const sender = await startSyntheticSender(room.router, options);
  try {
    await sender.flowing();
    room.addProducer(participantKey, sender.video);
    room.addProducer(participantKey, sender.audio);
    return sender;
  } catch (error) {
    await sender.stop();
    throw error;
  }
}
