import fs from 'node:fs/promises';
import type { SegmentFollower } from './recording-storage.js';

/** A fragment's largest size: after the bucket was unreachable a while, the backlog goes up in pieces this big. */
const MAX_FRAGMENT_BYTES = 16 * 1024 * 1024;

/** How often what FFmpeg has written is copied off the node: at most this much media is lost with the node. */
export const FRAGMENT_INTERVAL_MS = 2000;

/**
 * Follows a file FFmpeg appends to (a WebM whose clusters are written whole,
 * at most a second each) and hands every `intervalMs` the bytes added since
 * the last time to `put`, numbered from 1. Concatenated in order, the
 * fragments are the file as FFmpeg wrote it up to the last one: a WebM
 * readable up to its last whole cluster, as a file FFmpeg never finished is.
 * A failed put is tried again, with what came since, on the next tick.
 */
export class FragmentUploader implements SegmentFollower {
  #offset = 0;
  #seq = 0;
  #timer: NodeJS.Timeout;
  #tick: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly put: (seq: number, bytes: Buffer) => Promise<void>,
    private readonly onError: (error: unknown) => void,
    intervalMs = FRAGMENT_INTERVAL_MS,
  ) {
    this.#timer = setInterval(() => this.#schedule(), intervalMs);
  }

  /** Fragments uploaded so far. */
  get uploaded(): number {
    return this.#seq;
  }

  /** No more fragments: once FFmpeg has finished, the file goes up whole. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#tick;
  }

  #schedule(): void {
    this.#tick = this.#tick.then(() => this.#upload()).catch(this.onError);
  }

  async #upload(): Promise<void> {
    const handle = await fs.open(this.file, 'r').catch(() => undefined);
    if (!handle) return;
    try {
      const { size } = await handle.stat();
      while (size > this.#offset) {
        const bytes = Buffer.alloc(Math.min(size - this.#offset, MAX_FRAGMENT_BYTES));
        const { bytesRead } = await handle.read(bytes, 0, bytes.length, this.#offset);
        if (bytesRead === 0) return;
        await this.put(this.#seq + 1, bytes.subarray(0, bytesRead));
        this.#seq += 1;
        this.#offset += bytesRead;
      }
    } finally {
      await handle.close();
    }
  }
}
