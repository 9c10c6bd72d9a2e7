import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import {
  producerSourceSchema,
  type ConsumerView,
  type MediaKind,
  type ProducerSource,
  type ProducerView,
  type TransportDirection,
  type TransportOptionsView,
} from '../../../shared/contracts/media.js';
import { AppError } from '../errors.js';

/**
 * What a participant may do beyond the defaults (send both kinds, be consumed
 * by everyone): a receive-only observer, or media meant for some keys only.
 */
export interface ParticipantTerms {
  /** The kinds it may send; an empty list makes it receive only. */
  sends?: readonly MediaKind[];
  /** Who may consume its producers, by participant key. */
  audience?: (consumerKey: string) => boolean;
}

/** A participant's own media objects; nobody else may touch them. */
class Participant {
  readonly transports = new Map<
    string,
    { transport: types.WebRtcTransport; direction: TransportDirection }
  >();
  readonly producers = new Map<string, types.Producer>();
  readonly consumers = new Map<string, types.Consumer>();

  constructor(
    readonly key: string,
    readonly terms: ParticipantTerms = {},
  ) {}

  reaches(consumerKey: string): boolean {
    return consumerKey !== this.key && (this.terms.audience?.(consumerKey) ?? true);
  }

  producerOf(source: ProducerSource): types.Producer | undefined {
    return [...this.producers.values()].find((p) => sourceOf(p) === source);
  }

  transport(id: string, direction?: TransportDirection): types.WebRtcTransport {
    const entry = this.transports.get(id);
    if (!entry || (direction && entry.direction !== direction)) {
      throw new AppError(
        'not_found',
        `no ${direction ?? ''} transport ${id} of this participant`.replace('  ', ' '),
      );
    }
    return entry.transport;
  }

  /** One producer of each kind and source at a time (a camera and a screen are two videos), of the kinds its terms allow. */
  assertNotSending(kind: MediaKind, source: ProducerSource | undefined): void {
    if (this.terms.sends && !this.terms.sends.includes(kind)) {
      throw new AppError('forbidden', `this participant may not send ${kind}`);
    }
    if ([...this.producers.values()].some((p) => p.kind === kind && sourceOf(p) === source)) {
      throw new AppError('conflict', `this participant already sends ${source ?? kind}`);
    }
  }

  close(): void {
    // Closing a transport closes its producers and consumers with it; producers
    // taken in from elsewhere (addProducer) are closed one by one.
    for (const { transport } of this.transports.values()) transport.close();
    for (const producer of [...this.producers.values()]) producer.close();
    this.transports.clear();
    this.producers.clear();
    this.consumers.clear();
  }
}

type RoomEvents = {
  producerAdded: [participantKey: string, producer: ProducerView];
  producerClosed: [participantKey: string, producerId: string];
  producerPaused: [participantKey: string, producerId: string, paused: boolean];
  consumerClosed: [participantKey: string, consumerId: string];
  closed: [];
};

/** Caps that keep one misbehaving client from exhausting a worker. */
const MAX_TRANSPORTS_PER_PARTICIPANT = 4;
/** How long work registered with `beforeClose` may hold the router open. */
const BEFORE_CLOSE_LIMIT_MS = 20_000;

/**
 * The media of one call: one router, and for each participant its transports,
 * producers and consumers. Closing the room closes the router, which closes
 * everything under it.
 */
export class CallRoom extends EventEmitter<RoomEvents> {
  readonly #participants = new Map<string, Participant>();
  readonly #beforeClose: (() => Promise<unknown>)[] = [];
  /** Participant and producer of each consume under way, so two at once cannot both be made. */
  readonly #consuming = new Set<string>();
  #closing = false;
  #closed = false;

  constructor(
    readonly callId: string,
    /** The call's router, for server-side consumers (the recorder); participants go through the room. */
    readonly router: types.Router,
    private readonly webRtcServer: types.WebRtcServer,
  ) {
    super();
    router.observer.once('close', () => this.#markClosed());
  }

  /** True from `close()` on: no new media is accepted, even while the router waits for `beforeClose` work. */
  get closed(): boolean {
    return this.#closed || this.#closing;
  }

  get rtpCapabilities(): types.RtpCapabilities {
    return this.router.rtpCapabilities;
  }

  get transportCount(): number {
    let n = 0;
    for (const p of this.#participants.values()) n += p.transports.size;
    return n;
  }

  /**
   * Takes `key` in on these terms, replacing any media it had (a participant
   * whose terms change starts afresh: closing it closes its transports,
   * producers and consumers).
   */
  admit(key: string, terms: ParticipantTerms): void {
    if (this.closed) throw new AppError('invalid_state', 'the call has ended');
    this.closeParticipant(key);
    this.#participants.set(key, new Participant(key, terms));
  }

  /** Whether `consumerKey` may consume the producers of `ownerKey`. */
  reaches(ownerKey: string, consumerKey: string): boolean {
    return this.#participants.get(ownerKey)?.reaches(consumerKey) ?? consumerKey !== ownerKey;
  }

  async createTransport(key: string, direction: TransportDirection): Promise<TransportOptionsView> {
    const participant = this.#participant(key);
    if (participant.transports.size >= MAX_TRANSPORTS_PER_PARTICIPANT) {
      throw new AppError('conflict', 'too many transports for this participant');
    }
    const transport = await this.router.createWebRtcTransport({
      webRtcServer: this.webRtcServer,
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: 1_000_000,
    });
    participant.transports.set(transport.id, { transport, direction });
    transport.observer.once('close', () => participant.transports.delete(transport.id));
    // A consumer resumed before its transport connected got its keyframe too
    // early; ask again once media can flow, so the first frame is not delayed.
    transport.on('dtlsstatechange', (state) => {
      if (state !== 'connected') return;
      for (const consumer of participant.consumers.values()) {
        if (consumer.kind === 'video' && !consumer.paused && consumer.appData.transportId === transport.id) {
          void consumer.requestKeyFrame().catch(() => undefined);
        }
      }
    });
    return {
      id: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters,
    };
  }

  async connectTransport(key: string, transportId: string, dtlsParameters: unknown): Promise<void> {
    const transport = this.#participant(key).transport(transportId);
    await mediaCall(() => transport.connect({ dtlsParameters: dtlsParameters as types.DtlsParameters }));
  }

  async restartIce(key: string, transportId: string): Promise<{ iceParameters: unknown }> {
    const transport = this.#participant(key).transport(transportId);
    return { iceParameters: await transport.restartIce() };
  }

  /**
   * A producer of `key`'s: its camera or microphone, or (with a `source`) more
   * media such as a shared screen, of which the whole call has one at a time.
   * Who may send which source is the caller's to check.
   */
  async produce(
    key: string,
    transportId: string,
    kind: MediaKind,
    rtpParameters: unknown,
    source?: ProducerSource,
  ): Promise<string> {
    const participant = this.#participant(key);
    const transport = participant.transport(transportId, 'send');
    participant.assertNotSending(kind, source);
    if (source && [...this.#participants.values()].some((p) => p.producerOf(source))) {
      throw new AppError('conflict', `someone in this call already sends ${source}`);
    }
    const producer = await mediaCall(() =>
      transport.produce({
        kind,
        rtpParameters: rtpParameters as types.RtpParameters,
        ...(source && { appData: { source } }),
      }),
    );
    this.#addProducer(participant, producer);
    return producer.id;
  }

  /** Ends one of `key`'s producers: a share it stopped. Its consumers close with it. */
  closeProducer(key: string, producerId: string): void {
    const producer = this.#participant(key).producers.get(producerId);
    if (!producer) throw new AppError('not_found', `no producer ${producerId} of this participant`);
    producer.close();
  }

  /**
   * A producer made on the room's router by other means than a participant's
   * WebRTC transport (a PlainTransport fed by a gateway or a synthetic
   * source), taken in as `key`'s own: consumed, recorded and closed with it.
   */
  addProducer(key: string, producer: types.Producer): void {
    if (producer.closed) throw new AppError('invalid_state', 'the producer is closed');
    const participant = this.#participant(key);
    participant.assertNotSending(producer.kind, sourceOf(producer));
    this.#addProducer(participant, producer);
  }

  /** Consumers start paused; the client resumes once it is ready to render. */
  async consume(
    key: string,
    transportId: string,
    producerId: string,
    rtpCapabilities: unknown,
  ): Promise<ConsumerView> {
    const participant = this.#participant(key);
    const transport = participant.transport(transportId, 'recv');
    if (!this.#producerOwner(producerId)?.reaches(key)) {
      throw new AppError('not_found', `no producer ${producerId} to consume in this call`);
    }
    const caps = rtpCapabilities as types.RtpCapabilities;
    if (!this.router.canConsume({ producerId, rtpCapabilities: caps })) {
      throw new AppError('media_error', 'the browser cannot receive this producer');
    }
    // One consumer per producer and participant: each costs the worker a stream. A page that
    // consumes again (a new receive transport after a reconnection) replaces its old one;
    // asking twice at once is refused.
    const pending = `${key}\u0000${producerId}`;
    if (this.#consuming.has(pending))
      throw new AppError('conflict', 'this producer is being consumed already');
    for (const old of participant.consumers.values()) if (old.producerId === producerId) old.close();
    this.#consuming.add(pending);
    const consumer = await mediaCall(() =>
      transport.consume({ producerId, rtpCapabilities: caps, paused: true, appData: { transportId } }),
    ).finally(() => this.#consuming.delete(pending));
    participant.consumers.set(consumer.id, consumer);
    consumer.observer.once('close', () => {
      participant.consumers.delete(consumer.id);
      if (!this.#closed) this.emit('consumerClosed', key, consumer.id);
    });
    // The kind is the producer's; mediasoup types it as MediaKind already.
    return {
      consumerId: consumer.id,
      producerId,
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters,
    };
  }

  async resumeConsumer(key: string, consumerId: string): Promise<void> {
    const consumer = this.#participant(key).consumers.get(consumerId);
    if (!consumer) throw new AppError('not_found', `no consumer ${consumerId} of this participant`);
    await consumer.resume();
    // Ask the sender for a keyframe so the first frame decodes at once.
    if (consumer.kind === 'video') await consumer.requestKeyFrame();
  }

  async setProducerPaused(key: string, producerId: string, paused: boolean): Promise<void> {
    const producer = this.#participant(key).producers.get(producerId);
    if (!producer) throw new AppError('not_found', `no producer ${producerId} of this participant`);
    if (paused) await producer.pause();
    else await producer.resume();
    this.emit('producerPaused', key, producerId, paused);
  }

  /** Producers of everyone but `key` whose terms reach it: what `key` can consume, with whose each is. */
  producersFor(key: string): (ProducerView & { owner: string })[] {
    const views: (ProducerView & { owner: string })[] = [];
    for (const participant of this.#participants.values()) {
      if (!participant.reaches(key)) continue;
      for (const p of participant.producers.values())
        views.push({ ...producerView(p), owner: participant.key });
    }
    return views;
  }

  /** A producer of the call and whose it is; undefined once it closed. */
  producer(producerId: string): { participantKey: string; producer: types.Producer } | undefined {
    const owner = this.#producerOwner(producerId);
    const producer = owner?.producers.get(producerId);
    return owner && producer && { participantKey: owner.key, producer };
  }

  /** A participant's consumers now: what its page receives (tests and monitoring read their stats). */
  consumersOf(key: string): types.Consumer[] {
    return [...(this.#participants.get(key)?.consumers.values() ?? [])];
  }

  /**
   * Work to finish before the router closes, while every producer still
   * flows: a recording finishing its files. `close()` waits for it (a while at most).
   */
  beforeClose(task: () => Promise<unknown>): void {
    this.#beforeClose.push(task);
  }

  /** Drops a participant's media (it left or reconnects); the call's router stays. */
  closeParticipant(key: string): void {
    const participant = this.#participants.get(key);
    if (!participant) return;
    this.#participants.delete(key);
    participant.close();
  }

  /** Closes the router, and everything under it, once the `beforeClose` work is done. */
  close(): void {
    if (this.#closed || this.#closing) return;
    this.#closing = true;
    if (this.#beforeClose.length === 0) return this.router.close();
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise((resolve) => (timer = setTimeout(resolve, BEFORE_CLOSE_LIMIT_MS)));
    void Promise.race([Promise.allSettled(this.#beforeClose.map((task) => task())), limit]).then(() => {
      clearTimeout(timer);
      this.router.close();
    });
  }

  #markClosed(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#participants.clear();
    this.emit('closed');
  }

  #participant(key: string): Participant {
    if (this.closed) throw new AppError('invalid_state', 'the call has ended');
    let participant = this.#participants.get(key);
    if (!participant) {
      participant = new Participant(key);
      this.#participants.set(key, participant);
    }
    return participant;
  }

  #addProducer(participant: Participant, producer: types.Producer): void {
    const { key } = participant;
    participant.producers.set(producer.id, producer);
    producer.observer.once('close', () => {
      participant.producers.delete(producer.id);
      if (!this.#closed) this.emit('producerClosed', key, producer.id);
    });
    this.emit('producerAdded', key, producerView(producer));
  }

  #producerOwner(producerId: string): Participant | undefined {
    for (const participant of this.#participants.values()) {
      if (participant.producers.has(producerId)) return participant;
    }
    return undefined;
  }
}

/** The source a producer was made with (`produce`'s appData); undefined for a camera or microphone. */
export function sourceOf(producer: types.Producer): ProducerSource | undefined {
  const { source } = producer.appData;
  return producerSourceSchema.safeParse(source).data;
}

function producerView(producer: types.Producer): ProducerView {
  const source = sourceOf(producer);
  return { producerId: producer.id, kind: producer.kind, paused: producer.paused, ...(source && { source }) };
}

/** mediasoup rejects bad client parameters with TypeError; report them as the client's fault. */
async function mediaCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof AppError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError(error instanceof TypeError ? 'invalid_payload' : 'media_error', message);
  }
}
