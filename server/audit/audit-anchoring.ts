import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { Alarm } from '../platform/timers/alarm.js';
import { anchorImprint, anchorLine, hmacAnchor, type AuditAnchor, type ChainHead } from './rules/anchor.js';
import type { AuditStore } from './audit-store.js';

const HOUR_MS = 3_600_000;

export interface AnchoringDeps {
  store: AuditStore;
  key: Buffer;
  clock: () => number;
  logger: Logger;
  /** With SKYTELLER_TSA_URL: an RFC 3161 token (DER) over the imprint. */
  timestamp?: (imprint: Buffer) => Promise<Buffer>;
  /** SKYTELLER_AUDIT_ANCHOR_FILE: every anchor is appended there too. */
  anchorFile?: string;
  intervalMs?: number;
}

/** Appends one line and waits for it to reach the disk: an anchor lost in a crash anchors nothing. */
function appendDurably(file: string, line: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const fd = fs.openSync(file, 'a', 0o600);
  try {
    fs.writeSync(fd, line + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Anchors the chain's head every hour and on shutdown, outside what the
 * database's owner controls: a TSA's timestamp when one is configured, the
 * head keyed with the audit key otherwise; either is kept in the database and
 * appended to the anchor file. A head already anchored (by this node or, on a
 * shared database, another) is not anchored again.
 */
export class AuditAnchoring {
  readonly #alarm = new Alarm(() => void this.#tick());
  #work: Promise<AuditAnchor | undefined> = Promise.resolve(undefined);
  #closed = false;

  constructor(private readonly deps: AnchoringDeps) {}

  start(): void {
    this.#arm();
  }

  /** Anchors the head now, after any anchoring under way; undefined when there was nothing new. */
  anchorNow(): Promise<AuditAnchor | undefined> {
    this.#work = this.#work.then(
      () => this.#anchor(),
      () => this.#anchor(),
    );
    return this.#work;
  }

  /** Shutdown: the head as the server leaves it is anchored. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#alarm.cancel();
    await this.anchorNow().catch((error: unknown) =>
      this.deps.logger.error({ err: error }, 'could not anchor the audit chain at shutdown'),
    );
  }

  #arm(): void {
    const now = this.deps.clock();
    this.#alarm.at(now + (this.deps.intervalMs ?? HOUR_MS), now);
  }

  async #tick(): Promise<void> {
    try {
      await this.anchorNow();
    } catch (error) {
      this.deps.logger.error({ err: error }, 'could not anchor the audit chain');
    }
    if (!this.#closed) this.#arm();
  }

  async #anchor(): Promise<AuditAnchor | undefined> {
    const entry = await this.deps.store.head();
    const last = await this.deps.store.lastAnchor();
    if (!entry || (entry.seq === last?.seq && entry.hash === last.hash)) return undefined;
    const head = { seq: entry.seq, hash: entry.hash };
    const anchor = (await this.#timestamped(head)) ?? hmacAnchor(this.deps.key, head, this.deps.clock());
    await this.deps.store.addAnchor(anchor);
    if (this.deps.anchorFile) {
      try {
        appendDurably(this.deps.anchorFile, anchorLine(anchor));
      } catch (error) {
        this.deps.logger.error(
          { err: error, file: this.deps.anchorFile },
          'could not append to the audit anchor file (SKYTELLER_AUDIT_ANCHOR_FILE)',
        );
      }
    }
    this.deps.logger.info({ seq: head.seq, kind: anchor.kind }, 'audit chain anchored');
    return anchor;
  }

  /** The TSA's anchor, or undefined without a TSA or when it fails (the keyed head stands in). */
  async #timestamped(head: ChainHead): Promise<AuditAnchor | undefined> {
    if (!this.deps.timestamp) return undefined;
    try {
      const token = await this.deps.timestamp(anchorImprint(head));
      return { kind: 'tsa', ...head, at: this.deps.clock(), token: token.toString('base64') };
    } catch (error) {
      this.deps.logger.error(
        { err: error },
        'the TSA (SKYTELLER_TSA_URL) did not timestamp the audit head; anchored with the audit key instead',
      );
      return undefined;
    }
  }
}
