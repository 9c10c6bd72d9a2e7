/** One pending timer per key: starting a key again replaces its timer. Timers never keep the process alive. */
export class KeyedTimers {
  readonly #timers = new Map<string, NodeJS.Timeout>();

  start(key: string, ms: number, fire: () => void): void {
    this.cancel(key);
    const timer = setTimeout(() => {
      this.#timers.delete(key);
      fire();
    }, ms);
    timer.unref();
    this.#timers.set(key, timer);
  }

  /** True when a timer was pending. */
  cancel(key: string): boolean {
    const timer = this.#timers.get(key);
    if (!timer) return false;
    clearTimeout(timer);
    this.#timers.delete(key);
    return true;
  }

  clear(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
