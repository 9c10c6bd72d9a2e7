import type { LocalMedia } from '../call/local-media.js';
import { byTestId } from '../common/dom.js';
import { t, onLocaleChange } from '../common/i18n.js';

type DeviceKind = 'camera' | 'microphone';
const BROWSER_KIND: Record<DeviceKind, MediaDeviceKind> = { camera: 'videoinput', microphone: 'audioinput' };

/** Root mean square of the samples, scaled so that ordinary speech reaches the upper half. */
export function levelOf(samples: Float32Array): number {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  return Math.min(1, rms * 4);
}

/**
 * The check while waiting: the camera's picture, a meter that moves with the
 * microphone, a test sound for the speaker, and the choice of camera and
 * microphone. The teller then meets a customer who can be seen and heard.
 */
export class PrecallCheck {
  private readonly meter = byTestId<HTMLMeterElement>('mic-level');
  private readonly selects: Record<DeviceKind, HTMLSelectElement>;
  private audio: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly local: LocalMedia,
  ) {
    this.selects = {
      camera: root.querySelector<HTMLSelectElement>('select[name=camera]')!,
      microphone: root.querySelector<HTMLSelectElement>('select[name=microphone]')!,
    };
    for (const kind of ['camera', 'microphone'] as const) {
      this.selects[kind].addEventListener('change', () => void this.choose(kind));
    }
    byTestId('speaker-test', root).addEventListener('click', () => this.playTestSound());
    onLocaleChange(() => void this.listDevices());
  }

  /** Starts once the camera and microphone are granted; again after a device changes. */
  async start(): Promise<void> {
    const stream = this.local.current;
    if (!stream) return;
    await this.listDevices();
    this.listen(stream);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    void this.audio?.close().catch(() => undefined);
    this.audio = null;
    this.meter.value = 0;
  }

  private async choose(kind: DeviceKind): Promise<void> {
    const deviceId = this.selects[kind].value;
    try {
      await this.local.choose({ [kind]: deviceId });
      await this.start();
    } catch (error) {
      console.warn(error);
    }
  }

  private async listDevices(): Promise<void> {
    const devices = await navigator.mediaDevices.enumerateDevices();
    const stream = this.local.current;
    for (const kind of ['camera', 'microphone'] as const) {
      const select = this.selects[kind];
      const inUse = stream
        ?.getTracks()
        .find((track) => track.kind === (kind === 'camera' ? 'video' : 'audio'))
        ?.getSettings().deviceId;
      const options = devices
        .filter((d) => d.kind === BROWSER_KIND[kind])
        .map((d, i) => new Option(d.label || t(`precall.${kind}Numbered`, { n: i + 1 }), d.deviceId));
      select.replaceChildren(...options);
      if (inUse) select.value = inUse;
    }
  }

  /** The meter follows the microphone's loudness, ten times a second (animation frames stop in the background). */
  private listen(stream: MediaStream): void {
    this.stop();
    if (stream.getAudioTracks().length === 0) return;
    const audio = new AudioContext();
    const analyser = audio.createAnalyser();
    analyser.fftSize = 1024;
    audio.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    this.audio = audio;
    this.timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      const level = levelOf(samples);
      this.meter.value = level;
      this.meter.dataset.level = level.toFixed(3);
    }, 100);
  }

  /** A short two-note chime: the customer hears whether the speaker works and is loud enough. */
  private playTestSound(): void {
    const audio = new AudioContext();
    const gain = audio.createGain();
    gain.connect(audio.destination);
    const start = audio.currentTime;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.4, start + 0.05);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 1.2);
    for (const [i, frequency] of [660, 880].entries()) {
      const tone = audio.createOscillator();
      tone.frequency.value = frequency;
      tone.connect(gain);
      tone.start(start + i * 0.4);
      tone.stop(start + 1.2);
    }
    this.root.dataset.speakerTested = 'true';
    setTimeout(() => void audio.close().catch(() => undefined), 1500);
  }
}
