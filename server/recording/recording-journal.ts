import fs from 'node:fs';
import path from 'node:path';
import type { types } from 'mediasoup';
import type { ProducerSource } from '../../shared/contracts/media.js';
import type { RecordedParticipant } from './rules/recording-manifest.js';

/** Beside the media: one line per segment started, so a restart after a crash knows what each file is. */
export const JOURNAL_FILE = 'segments.jsonl';

export interface JournalEntry {
  participant: RecordedParticipant;
  /** The media file's name in the folder. */
  file: string;
  kind: types.MediaKind;
  /** Absent for a camera or microphone (and in journals written before sources). */
  source?: ProducerSource;
  codec: string;
  producerId: string;
  /** Server clock (ms) when RTP was let through to FFmpeg. */
  startedAt: number;
}

/** Appends one line, written at once: a crash right after still finds it. */
export function appendJournal(folder: string, entry: JournalEntry): void {
  fs.appendFileSync(path.join(folder, JOURNAL_FILE), `${JSON.stringify(entry)}\n`);
}

/** Every whole line of the folder's journal; a line cut off by a crash is skipped. */
export function readJournal(folder: string): JournalEntry[] {
  const file = path.join(folder, JOURNAL_FILE);
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        return line ? [JSON.parse(line) as JournalEntry] : [];
      } catch {
        return [];
      }
    });
}
