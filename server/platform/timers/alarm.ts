/** One timer that can be moved: fires `fire` at the latest time it was set to, or not at all. */
export class Alarm {
  #timer: NodeJS.Timeout | undefined;
  #at: number | undefined;

  constructor(private readonly fire: () => void) {}

  /** Sets the alarm to `at` (clock time; `now` is the same clock), or cancels it when undefined. */
  at(at: number | undefined, now: number): void {
    if (at === this.#at) return;
    this.cancel();
    if (at === undefined) return;
    this.#at = at;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#at = undefined;
        this.fire();
      },
      Math.max(0, at - now),
    );
    this.#timer.unref();
  }

  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#at = undefined;
  }
}
