/**
 * The master clock of a replay: the one position every element follows, in
 * milliseconds from the call's start. It runs on a monotonic time source, not
 * on any element, so a side with no video at the moment (before it joined, in
 * a reconnect gap) does not stop the other.
 *
 * "Held" is the player's pause, not the user's: while an element that should
 * play is still loading, the clock waits for it instead of running away.
 */
export class PlaybackClock {
  private anchorMs = 0;
  private anchorAt: number;
  private rateValue = 1;
  private wantsToPlay = false;
  private held = false;

  constructor(
    readonly lengthMs: number,
    private readonly now: () => number,
  ) {
    this.anchorAt = now();
  }

  /** True while the user wants playback, whether or not the clock is held. */
  get playing(): boolean {
    return this.wantsToPlay;
  }

  /** True when time actually moves on. */
  get running(): boolean {
    return this.wantsToPlay && !this.held;
  }

  get rate(): number {
    return this.rateValue;
  }

  get positionMs(): number {
    if (!this.running) return this.anchorMs;
    const position = this.anchorMs + (this.now() - this.anchorAt) * this.rateValue;
    return Math.min(this.lengthMs, position);
  }

  get atEnd(): boolean {
    return this.positionMs >= this.lengthMs;
  }

  /** Plays from the current position; from the start again when it had reached the end. */
  play(): void {
    if (this.atEnd) this.seek(0);
    this.rebase(() => (this.wantsToPlay = true));
  }

  pause(): void {
    this.rebase(() => (this.wantsToPlay = false));
  }

  hold(held: boolean): void {
    if (held !== this.held) this.rebase(() => (this.held = held));
  }

  seek(ms: number): void {
    this.rebase(() => (this.anchorMs = Math.min(this.lengthMs, Math.max(0, ms))));
  }

  setRate(rate: number): void {
    if (!(rate > 0)) throw new RangeError(`playback rate must be positive, got ${rate}`);
    this.rebase(() => (this.rateValue = rate));
  }

  /** Every change starts a new stretch of constant speed from where the clock is now. */
  private rebase(change: () => void): void {
    this.anchorMs = this.positionMs;
    this.anchorAt = this.now();
    change();
  }
}
