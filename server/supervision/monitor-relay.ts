import { z } from 'zod';
import { staffUserSchema } from '../../shared/contracts/auth.js';
import { errorCodeSchema } from '../../shared/contracts/errors.js';
import { mediaKindSchema, producerSourceSchema } from '../../shared/contracts/media.js';
import { MONITOR_MODES } from '../../shared/contracts/monitor.js';

/**
 * What a supervisor's node asks the node that holds the call it monitors, over the nodes' bus
 * (README, "Media across nodes"), and the answer. The holding node keeps the bookkeeping (its
 * registry's monitor, the timeline, the notices to the sides); the asking node the media.
 */
const id = z.string().min(1).max(100);

export const monitorRelayRequestSchema = z.discriminatedUnion('op', [
  /** The supervisor starts (or changes to) `mode` on the call `nodeId` holds. */
  z.object({
    op: z.literal('start'),
    nodeId: id,
    callId: id,
    mode: z.enum(MONITOR_MODES),
    supervisor: staffUserSchema,
  }),
  /** The supervisor stopped, its page went, or its node could not link the media: it left. */
  z.object({ op: z.literal('stop'), nodeId: id, callId: id, supervisor: staffUserSchema }),
  /**
   * The supervisor's own producer (whisper, barge) on `fromNodeId`'s router `routerId`: the
   * holding node pipes it into the call's router as the monitor's.
   */
  z.object({
    op: z.literal('import'),
    nodeId: id,
    callId: id,
    supervisorId: id,
    fromNodeId: id,
    routerId: id,
    producerId: id,
  }),
]);
export type MonitorRelayRequest = z.infer<typeof monitorRelayRequestSchema>;

const producerSchema = z.object({
  producerId: id,
  kind: mediaKindSchema,
  paused: z.boolean(),
  source: producerSourceSchema.optional(),
  side: z.enum(['customer', 'teller', 'supervisor']).optional(),
});

export const monitorRelayAnswerSchema = z.union([
  z.object({
    ok: z.literal(true),
    /** The call's router on the holding node, and what the media policy checks against. */
    routerId: id,
    ticketId: id,
    tellerIds: z.array(id).max(10),
    /** The sides' producers the supervisor may consume in its mode. */
    producers: z.array(producerSchema).max(50),
  }),
  z.object({ ok: z.literal(true), done: z.literal(true) }),
  z.object({ ok: z.literal(false), code: errorCodeSchema, message: z.string().max(500) }),
]);
export type MonitorRelayAnswer = z.infer<typeof monitorRelayAnswerSchema>;
