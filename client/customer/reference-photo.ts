import { restRoutes } from '../../shared/contracts/rest-routes.js';
import { captureJpeg } from '../call/frame-capture.js';
import type { LocalMedia } from '../call/local-media.js';
import { byTestId } from '../common/dom.js';
import { callApi } from '../common/api.js';
import type { StatusLine } from '../common/status-line.js';

/**
 * The customer's ID photo for the face check: a file (on a phone, the camera
 * app) or a still from the page's own camera. Sent once; never shown back.
 */
export class ReferencePhotoPanel {
  private readonly panel = byTestId('reference-photo');
  private readonly input = this.panel.querySelector<HTMLInputElement>('input[name=referencePhoto]')!;
  private readonly capture = byTestId<HTMLButtonElement>('reference-capture', this.panel);
  private token: string | null = null;
  private ticketId: string | null = null;

  constructor(
    private readonly local: LocalMedia,
    private readonly status: StatusLine,
  ) {
    this.input.addEventListener('change', () => {
      const file = this.input.files?.[0];
      if (file) void this.send(file);
    });
    this.capture.addEventListener('click', () => void this.captureFromCamera());
  }

  open(token: string, ticketId: string | undefined): void {
    this.token = token;
    if (ticketId) this.ticketId = ticketId;
    this.panel.hidden = false;
  }

  /** The ticket becomes known once the page has asked the server for its status. */
  setTicket(ticketId: string): void {
    this.ticketId = ticketId;
  }

  close(): void {
    this.token = null;
    this.ticketId = null;
    this.input.value = '';
    this.panel.hidden = true;
    byTestId('reference-stored', this.panel).hidden = true;
  }

  private async captureFromCamera(): Promise<void> {
    const bytes = await captureJpeg(this.local.video, 640, 0.92);
    if (!bytes) {
      this.status.error('status.mediaUnavailable');
      return;
    }
    await this.send(new Blob([bytes], { type: 'image/jpeg' }));
  }

  private async send(image: Blob): Promise<void> {
    if (!this.token || !this.ticketId) return;
    this.setBusy(true);
    try {
      await callApi(restRoutes.uploadTicketReferencePhoto, {
        params: { ticketId: this.ticketId },
        body: image,
        token: this.token,
      });
      byTestId('reference-stored', this.panel).hidden = false;
      this.status.clear();
    } catch (error) {
      this.status.failure(error);
    } finally {
      this.setBusy(false);
      this.input.value = '';
    }
  }

  private setBusy(busy: boolean): void {
    this.input.disabled = busy;
    this.capture.disabled = busy;
  }
}
