import { t } from '../common/i18n.js';

/** Two short rising tones, then quiet. */
const TONES = [
  { hz: 880, at: 0, for: 0.18 },
  { hz: 1175, at: 0.25, for: 0.25 },
];
const RING_EVERY_MS = 4_000;
const FLASH_EVERY_MS = 1_000;

/**
 * Makes an offer hard to miss, also from a background tab: a short ring
 * (WebAudio), a browser notification while the page is not looked at, and a
 * flashing tab title, until the offer is answered or withdrawn.
 */
export class OfferAlert {
  private audio: AudioContext | null = null;
  private ringTimer: ReturnType<typeof setInterval> | null = null;
  private flashTimer: ReturnType<typeof setInterval> | null = null;
  private notification: Notification | null = null;
  private readonly title = document.title;

  constructor(private readonly onFocus: () => void) {
    // Browsers start sound only after the user touched the page: the first click unlocks it.
    const unlock = (): void => {
      this.audio ??= new AudioContext();
      void this.audio.resume();
    };
    document.addEventListener('pointerdown', unlock, { once: true, capture: true });
    document.addEventListener('keydown', unlock, { once: true, capture: true });
  }

  /** Asks for the notification permission, from a click of the teller (browsers want one). */
  askPermission(): void {
    if ('Notification' in window && Notification.permission === 'default') {
      void Notification.requestPermission();
    }
  }

  start(customerName: string): void {
    this.stop();
    this.ring();
    this.ringTimer = setInterval(() => this.ring(), RING_EVERY_MS);
    this.notify(customerName);
    const flashed = t('offer.tabTitle');
    let on = false;
    const flash = (): void => {
      on = !on;
      document.title = on ? flashed : this.title;
    };
    flash();
    this.flashTimer = setInterval(flash, FLASH_EVERY_MS);
  }

  /** The offer went unanswered and the server set the teller away: said once, also outside the tab. */
  missed(): void {
    this.stop();
    this.ring();
    this.raise(t('offer.missedTitle'), t('desk.away.missed_offer'));
  }

  stop(): void {
    if (this.ringTimer) clearInterval(this.ringTimer);
    if (this.flashTimer) clearInterval(this.flashTimer);
    this.ringTimer = null;
    this.flashTimer = null;
    this.notification?.close();
    this.notification = null;
    document.title = this.title;
  }

  private ring(): void {
    const audio = this.audio;
    if (!audio || audio.state !== 'running') return;
    const start = audio.currentTime;
    for (const tone of TONES) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = tone.hz;
      // A soft attack and release, so the tone does not click.
      gain.gain.setValueAtTime(0, start + tone.at);
      gain.gain.linearRampToValueAtTime(0.2, start + tone.at + 0.02);
      gain.gain.linearRampToValueAtTime(0, start + tone.at + tone.for);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(start + tone.at);
      oscillator.stop(start + tone.at + tone.for);
    }
  }

  private notify(customerName: string): void {
    this.raise(t('offer.notificationTitle'), t('offer.notificationBody', { name: customerName }));
  }

  private raise(title: string, body: string): void {
    if (!('Notification' in window) || Notification.permission !== 'granted') return;
    try {
      const notification = new Notification(title, {
        body,
        tag: 'skyteller-offer',
        requireInteraction: true,
      });
      notification.addEventListener('click', () => {
        window.focus();
        this.onFocus();
        notification.close();
      });
      this.notification = notification;
    } catch (error) {
      // Some browsers allow notifications only from a service worker; the ring and the title remain.
      console.warn(error);
    }
  }
}
