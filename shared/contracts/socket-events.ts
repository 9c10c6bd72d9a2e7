import { z } from 'zod';
import type { Ack } from './errors.js';
import {
  dtlsParametersSchema,
  mediaKindSchema,
  producerSourceSchema,
  rtpCapabilitiesSchema,
  rtpParametersSchema,
  transportDirectionSchema,
  type ConsumerView,
  type MediaKind,
  type ProducerView,
  type TransportOptionsView,
} from './media.js';
import { SERVICE_IDS } from '../catalog/services.js';
import { SERVICE_LANGUAGE_IDS } from '../catalog/languages.js';
import type { PriorityClass } from '../domain/priority.js';
import { faceRequests, type FaceResponses, type FaceServerEvents } from './face-events.js';
import { locationRequests, type LocationResponses, type LocationServerEvents } from './location-events.js';
import type { SupervisorBoard } from './supervisor.js';
import { MONITOR_MODES, type MonitorMode } from './monitor.js';
import type { TicketView } from './ticket.js';
import { wrapUpRequestSchema, type WrapUpView } from './wrap-up.js';
import { serviceRequests, type ServiceResponses, type ServiceServerEvents } from './service-events.js';
import { chatRequests, type ChatResponses, type ChatServerEvents } from './chat.js';

const id = z.string().min(1).max(64);
const callRef = { callId: id };

/** Where a teller hands a call: a named colleague, or whoever serves a service in a language. */
export const transferTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('teller'), tellerId: id }),
  z.object({
    kind: z.literal('group'),
    serviceId: z.enum(SERVICE_IDS),
    language: z.enum(SERVICE_LANGUAGE_IDS),
  }),
]);
export type TransferTarget = z.infer<typeof transferTargetSchema>;

/**
 * Every event a client may send, with its payload schema. The server validates
 * each payload against this table before any handler runs; the client types its
 * requests from it.
 */
export const clientRequests = {
  'media:createTransport': z.object({ ...callRef, direction: transportDirectionSchema }),
  'media:connectTransport': z.object({
    ...callRef,
    transportId: id,
    dtlsParameters: dtlsParametersSchema,
  }),
  'media:produce': z.object({
    ...callRef,
    transportId: id,
    kind: mediaKindSchema,
    rtpParameters: rtpParametersSchema,
    source: producerSourceSchema.optional(),
  }),
  /** Stops one of one's own producers (a screen share ended); the camera and microphone only pause. */
  'media:closeProducer': z.object({ ...callRef, producerId: id }),
  'media:consume': z.object({
    ...callRef,
    transportId: id,
    producerId: id,
    rtpCapabilities: rtpCapabilitiesSchema,
  }),
  'media:resumeConsumer': z.object({ ...callRef, consumerId: id }),
  'media:setProducerPaused': z.object({ ...callRef, producerId: id, paused: z.boolean() }),
  'media:restartIce': z.object({ ...callRef, transportId: id }),
  'call:hangUp': z.object(callRef),
  'ticket:status': z.object({}),
  'queue:leave': z.object({}),
  'teller:setStatus': z.object({ status: z.enum(['available', 'away']) }),
  'teller:state': z.object({}),
  'offer:accept': z.object({ ticketId: id }),
  'offer:decline': z.object({ ticketId: id }),
  'teller:wrapUp': wrapUpRequestSchema,
  'transfer:targets': z.object({}),
  'call:transfer': z.object({
    ...callRef,
    target: transferTargetSchema,
    reason: z.string().trim().min(1, 'code:required').max(200, 'code:too_long'),
  }),
  'call:cancelTransfer': z.object(callRef),
  'transfer:respond': z.object({ ...callRef, transferId: id, accept: z.boolean() }),
  'supervisor:board': z.object({}),
  // A supervisor monitoring a call in progress (listen, whisper, barge); a new mode replaces the old.
  'monitor:start': z.object({ ...callRef, mode: z.enum(MONITOR_MODES) }),
  'monitor:stop': z.object(callRef),
  ...serviceRequests,
  ...faceRequests,
  ...chatRequests,
  ...locationRequests,
} as const;

export type ClientRequestName = keyof typeof clientRequests;
export type ClientRequestPayload<E extends ClientRequestName> = z.input<(typeof clientRequests)[E]>;

export interface CallPeerView {
  role: 'customer' | 'teller';
  displayName: string;
}

export interface CallView {
  callId: string;
  ticketId: string;
  serviceId: string;
  language: string;
  customer: { fullName: string; idNumberMasked: string };
  teller: { displayName: string };
  /** Producers already in the call, so a late or rejoining side can consume them. */
  producers: ProducerView[];
  /** The call router's capabilities, sent along to save a round trip before media starts. */
  routerRtpCapabilities: unknown;
  /**
   * The node that holds the call (its router and every request about it). A page on another
   * node reconnects through `/node/<nodeId>/` (README, "Calls across nodes").
   */
  nodeId: string;
}

/** What a supervisor gets on starting to monitor a call: the media it may consume now. */
export interface MonitorView {
  callId: string;
  mode: MonitorMode;
  /** The customer's and the teller's producers, each named by its `side`. */
  producers: ProducerView[];
  routerRtpCapabilities: unknown;
}

/** To a call's sides: a supervisor whispering (teller only) or barged in (both), or gone (`mode` null). */
export interface CallSupervisorNotice {
  callId: string;
  mode: Exclude<MonitorMode, 'listen'> | null;
  displayName: string;
}

export interface TellerStateView {
  status: 'available' | 'away' | 'offered' | 'in_call' | 'wrap_up';
  /** Why the teller is away, when the system set it (a missed offer, a lost connection). */
  awayReason: string | null;
  waiting: number;
  offer: OfferView | null;
  call: CallView | null;
  /** The hand-over this teller started on its call, while it is not finished. */
  transfer: TransferView | null;
  /** After a call: the outcome to record before the next customer. */
  wrapUp: WrapUpView | null;
  /** The teller's call runs on another node than the one that answered: the page reconnects there. */
  callNode: string | null;
}

export interface OfferView {
  ticketId: string;
  fullName: string;
  serviceId: string;
  language: string;
  priority: PriorityClass;
  waitedMs: number;
  /** Server time; `expiresInMs` is the same moment counted from when the view was made, for pages whose clock differs. */
  expiresAt: number;
  expiresInMs: number;
  /** Set when the offer is a call handed over by a colleague. */
  transfer: { fromTeller: string; reason: string } | null;
}

export interface TransferView {
  transferId: string;
  status: 'awaiting_consent' | 'waiting' | 'refused';
  targetLabel: string;
}

export interface TransferConsentRequest {
  callId: string;
  transferId: string;
  reason: string;
  /** For the page to name in its own language. */
  target: { kind: 'teller'; displayName: string } | { kind: 'group'; serviceId: string; language: string };
  targetLabel: string;
}

export interface TransferTargetsView {
  tellers: { tellerId: string; displayName: string; status: TellerStateView['status'] }[];
  groups: { serviceId: string; language: string; staffed: number }[];
}

export interface QueuePositionUpdate {
  ticketId: string;
  position: number;
  waiting: number;
  estimatedWaitMs: number | null;
  /** A teller is being offered this customer now: the page says a teller is about to answer, not a wait. */
  offered: boolean;
}

/** What each request answers with, when it succeeds. */
export interface ClientResponses extends ServiceResponses, FaceResponses, ChatResponses, LocationResponses {
  'media:createTransport': TransportOptionsView;
  'media:connectTransport': Record<string, never>;
  'media:produce': { producerId: string };
  'media:consume': ConsumerView;
  'media:resumeConsumer': Record<string, never>;
  'media:setProducerPaused': Record<string, never>;
  'media:closeProducer': Record<string, never>;
  'media:restartIce': { iceParameters: unknown };
  'call:hangUp': Record<string, never>;
  /** A hand-over waiting for the customer's answer is sent again, for a page that reloaded meanwhile. */
  'ticket:status': {
    ticket: TicketView;
    call: CallView | null;
    transferRequest: TransferConsentRequest | null;
    /** The customer's call runs on another node than the one that answered: the page reconnects there. */
    callNode: string | null;
  };
  'queue:leave': Record<string, never>;
  'teller:setStatus': TellerStateView;
  'teller:state': TellerStateView;
  'offer:accept': CallView;
  'offer:decline': TellerStateView;
  'teller:wrapUp': TellerStateView;
  'transfer:targets': TransferTargetsView;
  'call:transfer': TransferView;
  'call:cancelTransfer': Record<string, never>;
  'transfer:respond': Record<string, never>;
  'supervisor:board': SupervisorBoard;
  'monitor:start': MonitorView;
  'monitor:stop': Record<string, never>;
}

export type ClientToServerEvents = {
  [E in ClientRequestName]: (
    payload: ClientRequestPayload<E>,
    ack: (result: Ack<ClientResponses[E]>) => void,
  ) => void;
};

export interface ServerToClientEvents
  extends ServiceServerEvents,
    FaceServerEvents,
    ChatServerEvents,
    LocationServerEvents {
  'queue:position': (update: QueuePositionUpdate) => void;
  /** First on every connection: the node that serves this socket. */
  'node:hello': (hello: { nodeId: string }) => void;
  /**
   * To a call's pages: the call leaves this node (it drains, or the call resumed elsewhere).
   * `nodeId` names where it goes; null: reconnect through the load balancer, whose node takes it.
   */
  'call:moved': (event: { callId: string; nodeId: string | null }) => void;
  'teller:state': (state: TellerStateView) => void;
  'call:started': (call: CallView) => void;
  'call:ended': (event: { callId: string; reason: CallEndReason }) => void;
  'media:producerAdded': (event: { callId: string } & ProducerView) => void;
  'media:producerClosed': (event: { callId: string; producerId: string }) => void;
  'media:producerPaused': (event: { callId: string; producerId: string; paused: boolean }) => void;
  'media:consumerClosed': (event: { callId: string; consumerId: string }) => void;
  /** To the customer: a teller asks to hand the call over. */
  'transfer:consentRequest': (event: TransferConsentRequest) => void;
  /** To the customer: the teller withdrew its request before the customer answered. */
  'transfer:withdrawn': (event: { callId: string; transferId: string }) => void;
  /** To the customer: another teller has taken over the call. */
  'call:tellerChanged': (event: { callId: string; teller: { displayName: string } }) => void;
  /** The other side's page dropped out of the call (it may come back for a while) or came back. */
  'call:peerConnection': (event: { callId: string; role: 'customer' | 'teller'; connected: boolean }) => void;
  'supervisor:board': (board: SupervisorBoard) => void;
  /** To a call's teller (whisper, barge) and customer (barge only): a supervisor joined or left. */
  'call:supervisor': (notice: CallSupervisorNotice) => void;
}

export const CALL_END_REASONS = [
  'customer_hung_up',
  'teller_hung_up',
  'customer_disconnected',
  'teller_disconnected',
  'media_failure',
  'server_shutdown',
  /** Only for the teller who handed the call over: the call goes on without them. */
  'transferred',
] as const;
export type CallEndReason = (typeof CALL_END_REASONS)[number];

export type { MediaKind };
