import { setLabel } from '../common/i18n.js';

const VIDEO: MediaTrackConstraints = { width: { ideal: 640 }, height: { ideal: 480 } };

/** The devices the person picked; none picked means the browser's default. */
export interface DeviceChoice {
  camera?: string;
  microphone?: string;
}

function constraints(choice: DeviceChoice): MediaStreamConstraints {
  return {
    audio: choice.microphone ? { deviceId: { exact: choice.microphone } } : true,
    video: choice.camera ? { ...VIDEO, deviceId: { exact: choice.camera } } : VIDEO,
  };
}

/**
 * The local camera and microphone, and the one `local-video` element that
 * shows them. The element moves between the preview and the call screen so
 * the page never holds two elements with the same test hook.
 */
export class LocalMedia {
  readonly video: HTMLVideoElement;
  private stream: MediaStream | null = null;
  private acquiring: Promise<MediaStream> | null = null;
  private choice: DeviceChoice = {};

  constructor() {
    const video = document.createElement('video');
    video.dataset.testid = 'local-video';
    video.className = 'local-video';
    video.autoplay = true;
    video.playsInline = true;
    video.muted = true;
    video.setAttribute('autoplay', '');
    video.setAttribute('playsinline', '');
    video.setAttribute('muted', '');
    setLabel(video, 'call.localVideo');
    this.video = video;
  }

  get current(): MediaStream | null {
    return this.stream;
  }

  /** Concurrent callers share one permission prompt and one stream. */
  acquire(): Promise<MediaStream> {
    if (this.stream?.getTracks().some((t) => t.readyState === 'live')) return Promise.resolve(this.stream);
    this.acquiring ??= navigator.mediaDevices
      .getUserMedia(constraints(this.choice))
      .then((stream) => {
        this.stream = stream;
        this.video.srcObject = stream;
        this.video.play().catch(() => undefined);
        return stream;
      })
      .finally(() => {
        this.acquiring = null;
      });
    return this.acquiring;
  }

  /**
   * Switches to the camera or microphone picked before the call (the
   * pre-call check): the old tracks stop, the next `acquire` uses the choice.
   */
  async choose(choice: DeviceChoice): Promise<MediaStream> {
    this.choice = { ...this.choice, ...choice };
    if (this.acquiring) await this.acquiring.catch(() => undefined);
    this.release();
    return this.acquire();
  }

  /** A stream to send even when the devices are unavailable: the call still receives. */
  streamOrEmpty(): MediaStream {
    return this.stream ?? new MediaStream();
  }

  /** Undoes a mute left over from the previous call. */
  enableAll(): void {
    for (const track of this.stream?.getTracks() ?? []) track.enabled = true;
  }

  release(): void {
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
    this.video.srcObject = null;
  }

  mount(slot: HTMLElement): void {
    if (this.video.parentElement !== slot) slot.append(this.video);
    if (this.stream) this.video.play().catch(() => undefined);
  }
}
