import { correctDrift, locate, mediaTypeOf, type Lane, type LaneSegment } from './playback-timeline.js';

/**
 * What a lane shows at the moment: a recording; nothing (not yet joined, a
 * gap); a file in a codec the browser does not play; or a file it could not
 * read (a recorder stopped before it wrote any media leaves one).
 */
export type LaneState = 'media' | 'empty' | 'unplayable' | 'unreadable';

/** A paused element within this of its place is left alone: a seek would only flash the picture. */
const PAUSED_TOLERANCE_SEC = 0.05;
/** Near its end a file has nothing more to load, even if the manifest says the segment goes on. */
const END_SLACK_SEC = 0.1;

/**
 * One media element following one lane of the recording: it swaps the
 * element's source when the call's time crosses into another segment, and
 * keeps the element on the master clock while it plays.
 */
export class PlaybackLane {
  private index = -1;
  private playable = false;
  /** Set by a user's seek and by a new source: go exactly there, not by catching up. */
  private exact = false;
  private state: LaneState | null = null;

  constructor(
    readonly lane: Lane,
    readonly element: HTMLMediaElement,
    private readonly onState: (state: LaneState, segment: LaneSegment | null) => void,
    /** The element outlives the lane (the page reuses it for the next call): listeners end with this. */
    signal: AbortSignal,
  ) {
    element.preload = 'auto';
    element.addEventListener(
      'error',
      () => {
        if (this.index >= 0 && this.playable) {
          this.playable = false;
          this.show('unreadable', this.lane.segments[this.index] ?? null);
        }
      },
      { signal },
    );
  }

  /** Brings the element to `callMs`: playing when the clock runs, paused on the spot when not. */
  sync(callMs: number, running: boolean, rate: number): void {
    const position = locate(this.lane, callMs);
    if (!position) return this.empty();
    if (position.index !== this.index) this.load(position.index, position.segment);
    const el = this.element;
    if (!this.playable || el.readyState < HTMLMediaElement.HAVE_METADATA || el.seeking) return;
    if (this.exact || !running) this.place(position.mediaTimeSec);
    if (!running) {
      if (!el.paused) el.pause();
      return;
    }
    const fix = correctDrift(position.mediaTimeSec, el.currentTime, rate);
    if (fix.seekToSec !== undefined) el.currentTime = fix.seekToSec;
    el.playbackRate = fix.playbackRate;
    // Autoplay may be refused until the user has interacted; the next tick tries again.
    if (el.paused && !el.ended) void el.play().catch(() => undefined);
  }

  private place(mediaTimeSec: number): void {
    if (this.exact || Math.abs(this.element.currentTime - mediaTimeSec) > PAUSED_TOLERANCE_SEC)
      this.element.currentTime = mediaTimeSec;
    this.exact = false;
  }

  /** The user moved the clock: the next sync jumps there instead of catching up. */
  seekExactly(): void {
    this.exact = true;
  }

  /** True while the element should be showing its recording but has not loaded enough to play on. */
  get loading(): boolean {
    const el = this.element;
    if (this.index < 0 || !this.playable || el.error) return false;
    if (el.readyState >= HTMLMediaElement.HAVE_FUTURE_DATA && !el.seeking) return false;
    return !(Number.isFinite(el.duration) && el.currentTime >= el.duration - END_SLACK_SEC);
  }

  close(): void {
    this.index = -1;
    this.detach();
  }

  private load(index: number, segment: LaneSegment): void {
    this.index = index;
    this.exact = true;
    const type = mediaTypeOf(segment);
    this.playable = type !== null && this.element.canPlayType(type) !== '';
    if (!this.playable) {
      this.detach();
      this.show('unplayable', segment);
      return;
    }
    this.element.src = segment.url;
    // The element's own time is within its file; tests and tools add this to get the call's time.
    this.element.dataset.segmentStartMs = String(segment.startOffsetMs);
    this.show('media', segment);
  }

  private empty(): void {
    if (this.index !== -1) {
      this.index = -1;
      this.detach();
    }
    this.show('empty', null);
  }

  private detach(): void {
    const el = this.element;
    el.pause();
    delete el.dataset.segmentStartMs;
    if (el.hasAttribute('src')) {
      el.removeAttribute('src');
      el.load();
    }
  }

  private show(state: LaneState, segment: LaneSegment | null): void {
    if (state === this.state && state !== 'media') return;
    this.state = state;
    this.onState(state, segment);
  }
}
