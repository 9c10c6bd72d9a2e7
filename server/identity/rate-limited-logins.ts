/** One window's rate-limited sign-ins from one address, as the audit chain gets them. */
export interface RateLimitedLoginWindow {
  ip: string;
  attempts: number;
  /** The usernames tried, the first MAX_USERNAMES of them. */
  usernames: string[];
  from: number;
  to: number;
}

const MAX_USERNAMES = 20;

interface OpenWindow extends RateLimitedLoginWindow {
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Counts sign-ins refused by the rate limit per address and window, and hands
 * each window to `record` once, when it closes: a script trying thousands of
 * passwords leaves one audit entry a minute, not thousands. `close` hands over
 * the windows still open (on shutdown).
 */
export class RateLimitedLogins {
  readonly #open = new Map<string, OpenWindow>();

  constructor(
    private readonly record: (window: RateLimitedLoginWindow) => void,
    private readonly windowMs = 60_000,
  ) {}

  refused(ip: string, username: string, at: number): void {
    const open = this.#open.get(ip);
    if (open) {
      open.attempts += 1;
      open.to = at;
      if (open.usernames.length < MAX_USERNAMES && !open.usernames.includes(username)) {
        open.usernames.push(username);
      }
      return;
    }
    const timer = setTimeout(() => this.#close(ip), this.windowMs);
    timer.unref();
    this.#open.set(ip, { ip, attempts: 1, usernames: [username], from: at, to: at, timer });
  }

  close(): void {
    for (const ip of [...this.#open.keys()]) this.#close(ip);
  }

  #close(ip: string): void {
    const open = this.#open.get(ip);
    if (!open) return;
    this.#open.delete(ip);
    clearTimeout(open.timer);
    const { timer: _timer, ...window } = open;
    this.record(window);
  }
}
