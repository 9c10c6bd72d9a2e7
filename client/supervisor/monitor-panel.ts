import type { MonitorMode } from '../../shared/contracts/monitor.js';
import type { CallSocket } from '../call/call-socket.js';
import { MediaSession } from '../call/media-session.js';
import { byTestId } from '../common/dom.js';
import { setText } from '../common/i18n.js';
import type { StatusLine } from '../common/status-line.js';

/** What the supervisor sends in each mode: nothing when listening, the microphone to whisper, both to barge in. */
const SENDS: Record<MonitorMode, MediaStreamConstraints | null> = {
  listen: null,
  whisper: { audio: true },
  barge: { audio: true, video: { width: { ideal: 640 }, height: { ideal: 480 } } },
};

/**
 * The call a supervisor monitors: both sides' pictures and sound, and its own
 * microphone (and camera) when the mode sends them. A new mode or call starts
 * the media afresh; the server has closed the previous media by then.
 */
export class MonitorPanel {
  private readonly panel = byTestId('monitor-panel');
  private readonly videos = {
    customer: byTestId<HTMLVideoElement>('monitor-customer'),
    teller: byTestId<HTMLVideoElement>('monitor-teller'),
  };
  private session: MediaSession | null = null;
  private local: MediaStream | null = null;
  private current: { callId: string; mode: MonitorMode } | null = null;
  /** Each start gets a number, so a slower earlier one never wins over the later. */
  private generation = 0;

  constructor(
    private readonly client: CallSocket,
    private readonly status: StatusLine,
    private readonly onChange: () => void,
  ) {
    byTestId('monitor-stop').addEventListener('click', () => void this.stop());
    window.skyteller = { stats: () => this.session?.stats() ?? [] };
  }

  get monitoring(): { callId: string; mode: MonitorMode } | null {
    return this.current;
  }

  async start(callId: string, mode: MonitorMode): Promise<void> {
    const generation = ++this.generation;
    try {
      // The devices first: a refused microphone leaves the previous mode running.
      const constraints = SENDS[mode];
      const local = constraints ? await navigator.mediaDevices.getUserMedia(constraints) : new MediaStream();
      const view = await this.client.request('monitor:start', { callId, mode });
      if (generation !== this.generation) {
        for (const track of local.getTracks()) track.stop();
        return;
      }
      this.closeMedia();
      this.local = local;
      this.current = { callId, mode };
      const session = new MediaSession(
        this.client,
        callId,
        local,
        view,
        {
          onRemoteTracks: () => this.attach(session),
          onError: (error) => this.status.failure(error),
        },
        true,
      );
      this.session = session;
      this.show();
      await session.start();
    } catch (error) {
      if (generation === this.generation) this.status.failure(error);
    }
  }

  async stop(): Promise<void> {
    const current = this.current;
    this.generation++;
    this.closeMedia();
    this.current = null;
    this.show();
    if (!current) return;
    try {
      await this.client.request('monitor:stop', { callId: current.callId });
    } catch (error) {
      this.status.failure(error);
    }
  }

  /** The board no longer lists the call: it ended, and its media with it. */
  callsNow(callIds: readonly string[]): void {
    if (this.current && !callIds.includes(this.current.callId)) {
      this.generation++;
      this.closeMedia();
      this.current = null;
      this.show();
      this.status.info('monitor.ended');
    }
  }

  private attach(session: MediaSession): void {
    for (const side of ['customer', 'teller'] as const) {
      const stream = session.streams.get(side) ?? null;
      const video = this.videos[side];
      if (video.srcObject !== stream) video.srcObject = stream;
      video.play().catch(() => undefined);
    }
  }

  private show(): void {
    this.panel.hidden = this.current === null;
    if (this.current) {
      const mode = byTestId('monitor-mode');
      mode.dataset.mode = this.current.mode;
      setText(mode, `monitor.mode.${this.current.mode}`);
    }
    this.onChange();
  }

  private closeMedia(): void {
    this.session?.close();
    this.session = null;
    for (const track of this.local?.getTracks() ?? []) track.stop();
    this.local = null;
    for (const video of Object.values(this.videos)) video.srcObject = null;
  }
}
