import { Device, type types } from 'mediasoup-client';
import type { MediaKind, ProducerView } from '../../shared/contracts/media.js';
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
}

type Transport = types.Transport;

/**
 * One side of a call: sends the local tracks and receives the other side's,
 * through a send and a receive transport on the call's router.
 */
export class MediaSession {
  readonly remoteStream = new MediaStream();
  /** The other side's shared screen, apart from its camera. */
  readonly remoteScreen = new MediaStream();
  private device: Device | null = null;
  private sendTransport: Transport | null = null;
  private recvTransport: Transport | null = null;
  private readonly producers = new Map<MediaKind, types.Producer>();
  private readonly ownProducerIds = new Set<string>();
  private readonly consumers = new Map<string, types.Consumer>();
  private readonly remoteKinds = new Map<string, MediaKind>();
  private readonly screenProducerIds = new Set<string>();
  private screenShare: types.Producer | null = null;
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
    private readonly call: CallView,
    private readonly events: MediaSessionEvents = {},
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
    for (const track of this.remoteStream.getTracks()) this.remoteStream.removeTrack(track);
    for (const track of this.remoteScreen.getTracks()) this.remoteScreen.removeTrack(track);
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
        if (mine(event) && kind) this.events.onRemotePaused?.(kind, event.paused);
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
    if (producer.source === 'screen') this.screenProducerIds.add(producerId);
    else {
      this.remoteKinds.set(producerId, producer.kind);
      this.events.onRemotePaused?.(producer.kind, producer.paused);
    }
    if (this.canConsume) void this.consume(producer);
    else this.pending.push(producer);
  }

  private drop(producerId: string): void {
    this.wanted.delete(producerId);
    this.pending = this.pending.filter((p) => p.producerId !== producerId);
    const consumer = this.consumers.get(producerId);
    if (!consumer) return;
    this.consumers.delete(producerId);
    consumer.close();
    if (this.screenProducerIds.delete(producerId)) {
      this.remoteScreen.removeTrack(consumer.track);
      this.events.onRemoteScreen?.(false);
      return;
    }
    this.remoteStream.removeTrack(consumer.track);
    this.events.onRemoteTracks?.(this.remoteStream);
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
      consumer.on('transportclose', () => this.drop(producer.producerId));
      if (this.screenProducerIds.has(producer.producerId)) {
        for (const old of this.remoteScreen.getTracks()) this.remoteScreen.removeTrack(old);
        this.remoteScreen.addTrack(consumer.track);
        this.events.onRemoteScreen?.(true);
        return;
      }
      // A 1:1 call shows one track per kind; a newer producer replaces the older one.
      for (const old of this.remoteStream.getTracks()) {
        if (old.kind === consumer.kind) this.remoteStream.removeTrack(old);
      }
      this.remoteStream.addTrack(consumer.track);
      this.events.onRemoteTracks?.(this.remoteStream);
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
