import { Device, type types } from 'mediasoup-client';
import type { MediaKind, ProducerView } from '../../shared/contracts/media.js';
import type { CallSide } from '../../shared/contracts/monitor.js';
import type {
  CallView,
  ClientRequestName,
  ClientRequestPayload,
  ClientResponses,
} from '../../shared/contracts/socket-events.js';
import type { CallSocket } from './call-socket.js';
import { inboundStats, type InboundStat } from './media-stats.js';

export interface MediaSessionEvents {
  /** A remote track was added to or removed from `remoteStream`. */
  onRemoteTracks?: (stream: MediaStream) => void;
  /** The other side's shared screen appeared in `remoteScreen` (true) or went away (false). */
  onRemoteScreen?: (sharing: boolean) => void;
  /** Our own screen share ended: by `stopScreenShare`, or by the browser's own "stop sharing". */
  onScreenShareEnded?: () => void;
  /** The other side paused or resumed its microphone or camera. */
  onRemotePaused?: (kind: MediaKind, paused: boolean) => void;
  /** Something failed that the session cannot repair on its own. */
  onError?: (error: unknown) => void;
  /** A supervisor's track (whisper, barge) was added to or removed from `supervisorStream`. */
  onSupervisorTracks?: (stream: MediaStream) => void;
}

/** What a session needs to know of its call up front: what to consume, and the router. */
export type MediaStart = Pick<CallView, 'producers' | 'routerRtpCapabilities'>;

type Transport = types.Transport;

/**
 * One side of a call: sends the local tracks and receives the other side's,
 * through a send and a receive transport on the call's router. A supervisor's
 * media (whisper, barge) arrives apart, in `supervisorStream`; with
 * `bySide` (the supervisor's own page) each side has its stream in `streams`.
 */
export class MediaSession {
  readonly remoteStream = new MediaStream();
  /** The other side's shared screen, apart from its camera. */
  readonly remoteScreen = new MediaStream();
  readonly supervisorStream = new MediaStream();
  readonly streams = new Map<CallSide, MediaStream>();
  private device: Device | null = null;
  private sendTransport: Transport | null = null;
  private recvTransport: Transport | null = null;
  private readonly producers = new Map<MediaKind, types.Producer>();
  private readonly ownProducerIds = new Set<string>();
  private readonly consumers = new Map<string, types.Consumer>();
  private readonly streamOfProducer = new Map<string, MediaStream>();
  private readonly remoteKinds = new Map<string, MediaKind>();
  private screenShare: types.Producer | null = null;
  /** Producers whose state is not the other side's microphone or camera: a supervisor's, a screen. */
  private readonly notOtherSide = new Set<string>();
  private readonly wanted = new Set<string>();
  // Producers announced before the receive transport exists wait here.
  private pending: ProducerView[] = [];
  private canConsume = false;
  private readonly enabled: Record<MediaKind, boolean> = { audio: true, video: true };
  private readonly restarting = new Set<string>();
  private readonly unsubscribe: Array<() => void> = [];
  private closed = false;

  constructor(
    private readonly client: CallSocket,
    readonly callId: string,
    private readonly local: MediaStream,
    private readonly call: MediaStart,
    private readonly events: MediaSessionEvents = {},
    private readonly bySide = false,
  ) {
    this.listen();
    for (const producer of call.producers) this.want(producer);
  }

  /**
   * Everything that can run at once does: both transports are created together,
   * and consuming the other side starts while our own tracks are being produced
   * (the server announces only the other side's producers), so that the first
   * remote frame arrives as early as possible.
   */
  async start(): Promise<void> {
    const device = await Device.factory();
    const transports = Promise.all([
      this.request('media:createTransport', { callId: this.callId, direction: 'send' }),
      this.request('media:createTransport', { callId: this.callId, direction: 'recv' }),
    ]);
    await device.load({ routerRtpCapabilities: this.call.routerRtpCapabilities as types.RtpCapabilities });
    this.device = device;
    const [sendView, recvView] = await transports;
    if (this.closed) return;
    const send = this.createTransport(sendView, 'send');
    const recv = this.createTransport(recvView, 'recv');
    this.sendTransport = send;
    this.recvTransport = recv;
    this.canConsume = true;
    const queued = this.pending.filter((p) => !this.ownProducerIds.has(p.producerId));
    this.pending = [];
    await Promise.all([this.produceLocalTracks(send), ...queued.map((producer) => this.consume(producer))]);
  }

  setMicEnabled(enabled: boolean): Promise<void> {
    return this.setEnabled('audio', enabled);
  }

  setCameraEnabled(enabled: boolean): Promise<void> {
    return this.setEnabled('video', enabled);
  }

  /**
   * Shows `track` (from getDisplayMedia) to the other side as a producer of its
   * own, beside the camera. The page owns the track; ending it (the browser's
   * "stop sharing") stops the share.
   */
  async shareScreen(track: MediaStreamTrack): Promise<void> {
    const send = this.sendTransport;
    if (!send || this.closed) throw new Error('the call has no media yet');
    if (this.screenShare) return;
    const producer = await send.produce({ track, stopTracks: false, appData: { source: 'screen' } });
    this.screenShare = producer;
    this.ownProducerIds.add(producer.id);
    producer.on('trackended', () => void this.stopScreenShare());
  }

  get sharingScreen(): boolean {
    return this.screenShare !== null;
  }

  /** Ends our screen share, here and on the server (the other side's consumer closes with it). */
  async stopScreenShare(): Promise<void> {
    const producer = this.screenShare;
    if (!producer) return;
    this.screenShare = null;
    producer.close();
    this.events.onScreenShareEnded?.();
    if (this.closed) return;
    await this.request('media:closeProducer', { callId: this.callId, producerId: producer.id });
  }

  async stats(): Promise<InboundStat[]> {
    const recv = this.recvTransport;
    if (!recv || recv.closed) return [];
    return inboundStats(await recv.getStats());
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const off of this.unsubscribe.splice(0)) off();
    for (const producer of this.producers.values()) producer.close();
    this.screenShare?.close();
    this.screenShare = null;
    for (const consumer of this.consumers.values()) consumer.close();
    this.sendTransport?.close();
    this.recvTransport?.close();
    for (const stream of [
      this.remoteStream,
      this.remoteScreen,
      this.supervisorStream,
      ...this.streams.values(),
    ]) {
      for (const track of stream.getTracks()) stream.removeTrack(track);
    }
    this.producers.clear();
    this.consumers.clear();
    this.pending = [];
  }

  private listen(): void {
    const mine = (event: { callId: string }): boolean => event.callId === this.callId && !this.closed;
    this.unsubscribe.push(
      this.client.on('media:producerAdded', (event) => {
        if (mine(event)) this.want(event);
      }),
      this.client.on('media:producerClosed', (event) => {
        if (mine(event)) this.drop(event.producerId);
      }),
      this.client.on('media:producerPaused', (event) => {
        const kind = this.remoteKinds.get(event.producerId);
        if (mine(event) && kind && !this.notOtherSide.has(event.producerId))
          this.events.onRemotePaused?.(kind, event.paused);
      }),
      this.client.on('media:consumerClosed', (event) => {
        if (!mine(event)) return;
        for (const [producerId, consumer] of this.consumers) {
          if (consumer.id === event.consumerId) this.drop(producerId);
        }
      }),
    );
  }

  private want(producer: ProducerView): void {
    const { producerId } = producer;
    if (this.ownProducerIds.has(producerId) || this.wanted.has(producerId)) return;
    this.wanted.add(producerId);
    this.remoteKinds.set(producerId, producer.kind);
    // The other side's microphone and camera state is the page's; a supervisor's or a screen's is not shown so.
    if (producer.side === 'supervisor' || producer.source === 'screen') this.notOtherSide.add(producerId);
    else this.events.onRemotePaused?.(producer.kind, producer.paused);
    if (this.canConsume) void this.consume(producer);
    else this.pending.push(producer);
  }

  private drop(producerId: string): void {
    this.wanted.delete(producerId);
    this.pending = this.pending.filter((p) => p.producerId !== producerId);
    const consumer = this.consumers.get(producerId);
    const stream = this.streamOfProducer.get(producerId);
    if (!consumer || !stream) return;
    this.consumers.delete(producerId);
    this.streamOfProducer.delete(producerId);
    stream.removeTrack(consumer.track);
    consumer.close();
    this.announce(stream);
  }

  /**
   * Where a producer's track goes: a shared screen apart from the camera, a
   * supervisor's apart from the other side; on a supervisor's page, each side its own.
   */
  private streamFor(producer: ProducerView): MediaStream {
    if (producer.source === 'screen') return this.remoteScreen;
    const { side } = producer;
    if (this.bySide && side) {
      let stream = this.streams.get(side);
      if (!stream) this.streams.set(side, (stream = new MediaStream()));
      return stream;
    }
    return side === 'supervisor' ? this.supervisorStream : this.remoteStream;
  }

  private announce(stream: MediaStream): void {
    if (stream === this.remoteScreen) this.events.onRemoteScreen?.(stream.getTracks().length > 0);
    else if (stream === this.supervisorStream) this.events.onSupervisorTracks?.(stream);
    else this.events.onRemoteTracks?.(stream);
  }

  private createTransport(
    view: ClientResponses['media:createTransport'],
    direction: 'send' | 'recv',
  ): Transport {
    const device = this.device!;
    const options: types.TransportOptions = {
      id: view.id,
      iceParameters: view.iceParameters as types.IceParameters,
      iceCandidates: view.iceCandidates as types.IceCandidate[],
      dtlsParameters: view.dtlsParameters as types.DtlsParameters,
    };
    const transport =
      direction === 'send' ? device.createSendTransport(options) : device.createRecvTransport(options);
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      this.request('media:connectTransport', {
        callId: this.callId,
        transportId: transport.id,
        dtlsParameters: { ...dtlsParameters },
      }).then(callback, errback);
    });
    transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
      this.request('media:produce', {
        callId: this.callId,
        transportId: transport.id,
        kind,
        rtpParameters: { ...rtpParameters },
        ...(appData.source === 'screen' && { source: 'screen' as const }),
      }).then(({ producerId }) => callback({ id: producerId }), errback);
    });
    transport.on('connectionstatechange', (state) => {
      if (state === 'failed' || state === 'disconnected') void this.restartIce(transport);
    });
    return transport;
  }

  private async restartIce(transport: Transport): Promise<void> {
    if (this.restarting.has(transport.id) || this.closed) return;
    this.restarting.add(transport.id);
    try {
      const { iceParameters } = await this.request('media:restartIce', {
        callId: this.callId,
        transportId: transport.id,
      });
      if (!transport.closed)
        await transport.restartIce({ iceParameters: iceParameters as types.IceParameters });
    } catch (error) {
      this.report(error);
    } finally {
      this.restarting.delete(transport.id);
    }
  }

  private async produceLocalTracks(transport: Transport): Promise<void> {
    // Video first: it is what takes longest to show on the other side.
    const tracks = this.local
      .getTracks()
      .sort((a, b) => (a.kind === 'video' ? -1 : 0) - (b.kind === 'video' ? -1 : 0));
    for (const track of tracks) {
      const kind = track.kind === 'audio' ? 'audio' : 'video';
      if (track.readyState === 'ended' || this.producers.has(kind)) continue;
      try {
        // The page owns the local tracks: they outlive the call (the teller's preview).
        const producer = await transport.produce({ track, stopTracks: false });
        this.producers.set(kind, producer);
        this.ownProducerIds.add(producer.id);
        if (!this.enabled[kind]) await this.applyPaused(producer, true);
      } catch (error) {
        this.report(error);
      }
    }
  }

  private async consume(producer: ProducerView): Promise<void> {
    const recv = this.recvTransport;
    const device = this.device;
    if (!recv || !device) return;
    try {
      const view = await this.request('media:consume', {
        callId: this.callId,
        transportId: recv.id,
        producerId: producer.producerId,
        rtpCapabilities: { ...device.recvRtpCapabilities },
      });
      if (this.closed || !this.wanted.has(producer.producerId)) return;
      // Resuming while the browser sets up its receiver loses nothing: no RTP
      // flows until this transport's DTLS is up, and mediasoup asks the sender
      // for a keyframe at that moment. It saves a round trip before the first frame.
      const [consumer] = await Promise.all([
        recv.consume({
          id: view.consumerId,
          producerId: view.producerId,
          kind: view.kind,
          rtpParameters: view.rtpParameters as types.RtpParameters,
        }),
        this.request('media:resumeConsumer', { callId: this.callId, consumerId: view.consumerId }),
      ]);
      this.consumers.set(producer.producerId, consumer);
      const stream = this.streamFor(producer);
      this.streamOfProducer.set(producer.producerId, stream);
      // A stream shows one track per kind; a newer producer replaces the older one.
      for (const old of stream.getTracks()) {
        if (old.kind === consumer.kind) stream.removeTrack(old);
      }
      stream.addTrack(consumer.track);
      consumer.on('transportclose', () => this.drop(producer.producerId));
      this.announce(stream);
    } catch (error) {
      this.report(error);
    }
  }

  private async setEnabled(kind: MediaKind, enabled: boolean): Promise<void> {
    this.enabled[kind] = enabled;
    const producer = this.producers.get(kind);
    if (!producer) {
      for (const track of this.local.getTracks()) if (track.kind === kind) track.enabled = enabled;
      return;
    }
    if (producer.paused === !enabled) return;
    await this.applyPaused(producer, !enabled);
  }

  private async applyPaused(producer: types.Producer, paused: boolean): Promise<void> {
    if (paused) producer.pause();
    else producer.resume();
    await this.request('media:setProducerPaused', {
      callId: this.callId,
      producerId: producer.id,
      paused,
    });
  }

  private request<E extends ClientRequestName>(
    event: E,
    payload: ClientRequestPayload<E>,
  ): Promise<ClientResponses[E]> {
    return this.client.request(event, payload);
  }

  private report(error: unknown): void {
    if (!this.closed) this.events.onError?.(error);
  }
}
