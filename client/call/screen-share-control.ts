import { setText } from '../common/i18n.js';
import type { MediaSession } from './media-session.js';

/** The person closed the browser's picker without choosing: nothing to report. */
const declined = (error: unknown): boolean =>
  error instanceof DOMException && error.name === 'NotAllowedError';

/**
 * The teller's "share screen" toggle: asks the browser for a screen or a
 * window (getDisplayMedia, which needs the click's user gesture) and sends it
 * beside the camera. It ends from the button, from the browser's own "stop
 * sharing" (the track ends) and when the call's media goes.
 */
export class ScreenShareControl {
  readonly button: HTMLButtonElement;
  private display: MediaStream | null = null;

  constructor(
    private readonly session: () => MediaSession | null,
    private readonly onError: () => void,
    /** Whether our screen is being shown now, for the stage's own note. */
    private readonly onChange: (sharing: boolean) => void,
  ) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button toggle';
    button.dataset.testid = 'share-screen';
    button.addEventListener('click', () => void (this.display ? this.stop() : this.start()));
    this.button = button;
    this.show(false);
  }

  /** The share ended, however it did: the captured tracks are let go and the button is back. */
  ended(): void {
    for (const track of this.display?.getTracks() ?? []) track.stop();
    this.display = null;
    this.show(false);
  }

  private async start(): Promise<void> {
    const session = this.session();
    if (!session) return;
    this.button.disabled = true;
    try {
      const display = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
      this.display = display;
      const [track] = display.getVideoTracks();
      if (!track) throw new Error('the browser gave no video to share');
      await session.shareScreen(track);
      this.show(true);
    } catch (error) {
      this.ended();
      if (!declined(error)) {
        console.warn(error);
        this.onError();
      }
    } finally {
      this.button.disabled = false;
    }
  }

  private async stop(): Promise<void> {
    const session = this.session();
    if (!session) return this.ended();
    await session.stopScreenShare().catch(() => this.onError());
  }

  private show(sharing: boolean): void {
    this.onChange(sharing);
    this.button.dataset.state = sharing ? 'on' : 'off';
    this.button.setAttribute('aria-pressed', String(sharing));
    setText(this.button, sharing ? 'call.stopSharing' : 'call.shareScreen');
  }
}
