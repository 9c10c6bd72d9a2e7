/**
 * Chain entries whose cause does not wait for them: a teller's action told by
 * a synchronous event bus, an API key's use while its request goes on. Each
 * write is kept until it lands, so shutdown can wait for the ones under way
 * before the database closes; one that fails is handed to `failed` (logged),
 * never dropped unseen.
 */
export class BackgroundAudit {
  readonly #pending = new Set<Promise<void>>();

  constructor(private readonly failed: (error: unknown) => void) {}

  add(write: Promise<unknown>): void {
    const settled = write.then(
      () => undefined,
      (error: unknown) => this.failed(error),
    );
    this.#pending.add(settled);
    void settled.finally(() => this.#pending.delete(settled));
  }

  /** Waits for every write under way (shutdown, before the database closes). */
  async drain(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}
