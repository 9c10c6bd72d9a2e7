import type { MediaKind } from '../../shared/contracts/media.js';
import type { CallSupervisorNotice, CallView } from '../../shared/contracts/socket-events.js';
import { setLabel, setText, type MessageKey } from '../common/i18n.js';
import { ApiError } from '../common/api.js';
import { errorMessageKey, type StatusLine } from '../common/status-line.js';
import type { CallSocket } from './call-socket.js';
import type { LocalMedia } from './local-media.js';
import { MediaSession } from './media-session.js';
import type { InboundStat } from './media-stats.js';
import { QualityIndicator } from './network-quality.js';
import { ScreenShareControl } from './screen-share-control.js';

declare global {
  interface Window {
    /** Hooks for browser tests. */
    skyteller?: { stats: () => Promise<InboundStat[]> | InboundStat[] };
  }
}

/** Plays on its own and inside the page (iOS would go full screen otherwise). */
function inline(video: HTMLVideoElement): void {
  video.autoplay = true;
  video.playsInline = true;
  video.setAttribute('autoplay', '');
  video.setAttribute('playsinline', '');
}

function make<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  key?: MessageKey,
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.className = className;
  if (key) setText(el, key);
  return el;
}

const TOGGLE_LABELS: Record<MediaKind, { on: MessageKey; off: MessageKey }> = {
  audio: { on: 'call.muteMic', off: 'call.unmuteMic' },
  video: { on: 'call.cameraOff', off: 'call.cameraOn' },
};

/**
 * The video area and media controls of a call, shared by both pages. It owns
 * the call's MediaSession; the page adds its own hang-up button to `controls`.
 */
export class CallStage {
  readonly controls: HTMLElement;
  private readonly stage: HTMLElement;
  private readonly remote: HTMLVideoElement;
  /** The other side's shared screen: large, its camera small beside it. */
  private readonly sharedScreen: HTMLVideoElement;
  private shareControl: ScreenShareControl | null = null;
  /** The teller's reminder that the customer sees its screen. */
  private readonly sharingBadge: HTMLElement;
  private readonly connecting: HTMLElement;
  private readonly cameraOff: HTMLElement;
  private readonly muted: HTMLElement;
  private readonly soundButton: HTMLButtonElement;
  private readonly pip: HTMLElement;
  private readonly toggles: Record<MediaKind, HTMLButtonElement>;
  private readonly enabled: Record<MediaKind, boolean> = { audio: true, video: true };
  private readonly quality: QualityIndicator;
  private readonly supervisorVideo: HTMLVideoElement;
  private readonly supervisorNotice: HTMLElement;
  private session: MediaSession | null = null;
  private offSupervisor: (() => void) | null = null;
  private shownVideoTrackId: string | null = null;

  constructor(
    container: HTMLElement,
    private readonly local: LocalMedia,
    private readonly status: StatusLine,
  ) {
    const stage = make('div', 'stage');
    this.stage = stage;
    this.remote = make('video', 'remote-video');
    this.remote.dataset.testid = 'remote-video';
    inline(this.remote);
    setLabel(this.remote, 'call.remoteVideo');
    this.sharedScreen = make('video', 'shared-screen');
    this.sharedScreen.dataset.testid = 'shared-screen';
    inline(this.sharedScreen);
    // Its sound, if any, is not sent: the remote element plays the call's audio.
    this.sharedScreen.muted = true;
    this.sharedScreen.hidden = true;
    setLabel(this.sharedScreen, 'call.sharedScreen');
    this.connecting = make('p', 'stage-note', 'call.connecting');
    this.cameraOff = make('p', 'stage-note stage-cover', 'call.remoteCameraOff');
    this.muted = make('span', 'badge badge-muted', 'call.remoteMuted');
    this.sharingBadge = make('span', 'badge', 'call.sharing');
    this.sharingBadge.hidden = true;
    const recording = make('span', 'badge badge-rec', 'call.recording');
    this.soundButton = make('button', 'button sound-button', 'call.enableSound');
    this.soundButton.type = 'button';
    this.soundButton.addEventListener('click', () => this.unmuteRemote());
    this.pip = make('div', 'pip');
    const qualityEl = make('span', 'badge badge-quality');
    this.quality = new QualityIndicator(qualityEl);
    const badges = make('div', 'stage-badges');
    badges.append(recording, qualityEl, this.muted, this.sharingBadge);
    // A supervisor whispering (the teller hears it) or barged in (both see and hear it).
    this.supervisorVideo = make('video', 'supervisor-video');
    this.supervisorVideo.dataset.testid = 'supervisor-video';
    inline(this.supervisorVideo);
    setLabel(this.supervisorVideo, 'call.supervisorVideo');
    this.supervisorNotice = make('p', 'supervisor-notice');
    this.supervisorNotice.dataset.testid = 'supervisor-notice';
    this.supervisorNotice.setAttribute('role', 'status');
    stage.append(
      this.sharedScreen,
      this.remote,
      this.connecting,
      this.cameraOff,
      badges,
      this.soundButton,
      this.pip,
      this.supervisorVideo,
      this.supervisorNotice,
    );

    this.controls = make('div', 'controls');
    this.toggles = { audio: this.makeToggle('audio'), video: this.makeToggle('video') };
    this.controls.append(this.toggles.audio, this.toggles.video);
    container.append(stage, this.controls);
    this.supervisorVideo.hidden = true;
    this.supervisorNotice.hidden = true;
    this.remote.addEventListener('loadeddata', () => this.syncNotes());
    this.remote.addEventListener('resize', () => this.syncNotes());
    this.reset();

    window.skyteller = { stats: () => this.session?.stats() ?? [] };
  }

  /** The page's own red button that ends the call (labels and test hooks differ by page). */
  addEndButton(testId: string, label: MessageKey): HTMLButtonElement {
    const button = make('button', 'button button-danger', label);
    button.type = 'button';
    button.dataset.testid = testId;
    this.controls.append(button);
    return button;
  }

  /** The teller's screen-share toggle, put before the page's red button (`before`). */
  addShareButton(before: HTMLElement): HTMLButtonElement {
    this.shareControl ??= new ScreenShareControl(
      () => this.session,
      () => this.status.error('call.shareFailed'),
      (sharing) => (this.sharingBadge.hidden = !sharing),
    );
    this.controls.insertBefore(this.shareControl.button, before);
    return this.shareControl.button;
  }

  get callId(): string | null {
    return this.session?.callId ?? null;
  }

  /**
   * Starts the call's media. Joining the call already running does nothing
   * unless `restart` is set (a new socket: the server dropped the old transports).
   */
  async join(client: CallSocket, call: CallView, restart = false): Promise<void> {
    if (this.session?.callId === call.callId && !restart) return;
    this.leave();
    this.local.enableAll();
    this.local.mount(this.pip);
    const session = new MediaSession(client, call.callId, this.local.streamOrEmpty(), call, {
      onRemoteTracks: () => this.playRemote(),
      onRemotePaused: (kind, paused) => this.showRemotePaused(kind, paused),
      onRemoteScreen: (sharing) => this.showSharedScreen(sharing),
      onScreenShareEnded: () => this.shareControl?.ended(),
      onError: (error) => this.fail(error),
      onSupervisorTracks: (stream) => this.playSupervisor(stream),
    });
    this.session = session;
    this.supervisorVideo.srcObject = session.supervisorStream;
    this.offSupervisor = client.on('call:supervisor', (notice) => {
      if (notice.callId === call.callId) this.showSupervisor(notice);
    });
    this.remote.srcObject = session.remoteStream;
    this.quality.start(() => session.stats());
    try {
      await session.start();
    } catch (error) {
      if (this.session === session) this.fail(error);
    }
  }

  leave(): void {
    this.session?.close();
    this.session = null;
    this.shareControl?.ended();
    this.showSharedScreen(false);
    this.offSupervisor?.();
    this.offSupervisor = null;
    this.supervisorVideo.srcObject = null;
    this.showSupervisor(null);
    this.shownVideoTrackId = null;
    this.quality.stop();
    this.remote.srcObject = null;
    this.reset();
  }

  private reset(): void {
    for (const kind of ['audio', 'video'] as const) this.setToggle(kind, true);
    this.cameraOff.hidden = true;
    this.muted.hidden = true;
    this.soundButton.hidden = true;
    this.remote.muted = false;
    this.syncNotes();
  }

  private makeToggle(kind: MediaKind): HTMLButtonElement {
    const button = make('button', 'button toggle');
    button.type = 'button';
    button.dataset.testid = kind === 'audio' ? 'toggle-mic' : 'toggle-camera';
    button.dataset.kind = kind;
    button.addEventListener('click', () => {
      const enabled = !this.enabled[kind];
      this.setToggle(kind, enabled);
      const session = this.session;
      if (!session) return;
      const change = kind === 'audio' ? session.setMicEnabled(enabled) : session.setCameraEnabled(enabled);
      change.catch((error: unknown) => this.fail(error));
    });
    return button;
  }

  private setToggle(kind: MediaKind, enabled: boolean): void {
    this.enabled[kind] = enabled;
    const button = this.toggles[kind];
    button.dataset.state = enabled ? 'on' : 'off';
    setText(button, enabled ? TOGGLE_LABELS[kind].on : TOGGLE_LABELS[kind].off);
  }

  private showSharedScreen(sharing: boolean): void {
    const stream = this.session?.remoteScreen;
    const on = sharing && stream !== undefined;
    this.stage.toggleAttribute('data-sharing', on);
    this.sharedScreen.hidden = !on;
    this.sharedScreen.srcObject = on ? stream : null;
    if (on) this.sharedScreen.play().catch(() => undefined);
  }

  private showRemotePaused(kind: MediaKind, paused: boolean): void {
    if (kind === 'audio') this.muted.hidden = !paused;
    else this.cameraOff.hidden = !paused;
    this.syncNotes();
  }

  private syncNotes(): void {
    const hasPicture = this.remote.videoWidth > 0 && this.session !== null;
    this.connecting.hidden = hasPicture || !this.cameraOff.hidden;
  }

  private playRemote(): void {
    const stream = this.session?.remoteStream;
    const videoTrack = stream?.getVideoTracks()[0];
    // A new teller after a transfer (or a rejoin) replaces the video track in the
    // same stream. Chromium follows that; other engines may hold the old track's
    // last frame, so the element is given the stream afresh.
    if (stream && videoTrack && this.shownVideoTrackId && videoTrack.id !== this.shownVideoTrackId) {
      this.remote.srcObject = stream;
    }
    if (videoTrack) this.shownVideoTrackId = videoTrack.id;
    this.syncNotes();
    this.remote.play().catch((error: unknown) => {
      // Without a user gesture (a reload mid-call) the browser only autoplays
      // muted: show the picture now and let the user turn the sound on.
      if (!(error instanceof DOMException) || error.name !== 'NotAllowedError') return;
      this.remote.muted = true;
      this.soundButton.hidden = false;
      this.remote.play().catch(() => undefined);
    });
  }

  /** Whether a supervisor is in the call, and how: told in words, its picture shown only when it sends one. */
  private showSupervisor(notice: CallSupervisorNotice | null): void {
    const mode = notice?.mode ?? null;
    this.supervisorNotice.hidden = mode === null;
    if (notice && mode !== null) {
      setText(
        this.supervisorNotice,
        mode === 'whisper' ? 'call.supervisorWhisper' : 'call.supervisorJoined',
        {
          name: notice.displayName,
        },
      );
    }
    this.supervisorNotice.dataset.mode = mode ?? '';
  }

  private playSupervisor(stream: MediaStream): void {
    this.supervisorVideo.hidden = stream.getVideoTracks().length === 0;
    this.supervisorVideo.play().catch(() => undefined);
  }

  private unmuteRemote(): void {
    this.remote.muted = false;
    this.soundButton.hidden = true;
    this.remote.play().catch(() => undefined);
  }

  private fail(error: unknown): void {
    console.warn(error);
    this.status.error(errorMessageKey(error instanceof ApiError ? error.code : 'media_error'));
  }
}
