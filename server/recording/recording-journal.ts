import fs from 'node:fs';
import path from 'node:path';
import type { types } from 'mediasoup';
import type { ProducerSource } from '../../shared/contracts/media.js';
import type { RecordedParticipant } from './rules/recording-manifest.js';

/**
 * Beside the media: one line per segment started, so a restart after a crash knows what each file
 * is; and, when the recording is handed to another node (a draining node's call moves), one line
 * per segment finished there, so the next node knows those files ended cleanly.
 */
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

/** A segment finished on the node that hands the recording over: its file is whole, trailer and all. */
export interface JournalEnd {
  /** The media file's name, as its entry names it. */
  ended: string;
  /** Server clock (ms) when FFmpeg had exited. */
  endedAt: number;
  status: 'complete' | 'interrupted' | 'empty';
}

/** A segment as the journal tells it: how it started, and how it ended if that was written. */
export type JournalRecord = JournalEntry & { end?: JournalEnd };

/** Appends one line, written at once: a crash right after still finds it. */
export function appendJournal(folder: string, line: JournalEntry | JournalEnd): void {
  fs.appendFileSync(path.join(folder, JOURNAL_FILE), `${JSON.stringify(line)}\n`);
}

/** Every segment the folder's journal names, with its end if written; a line cut off by a crash is skipped. */
export function readJournal(folder: string): JournalRecord[] {
  const file = path.join(folder, JOURNAL_FILE);
  if (!fs.existsSync(file)) return [];
  const entries: JournalRecord[] = [];
  const ends = new Map<string, JournalEnd>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    let parsed: JournalEntry | JournalEnd;
    try {
      if (!line) continue;
      parsed = JSON.parse(line) as JournalEntry | JournalEnd;
    } catch {
      continue;
    }
    if ('ended' in parsed) ends.set(parsed.ended, parsed);
    else entries.push(parsed);
  }
  return entries.map((entry) => {
    const end = ends.get(entry.file);
    return end ? { ...entry, end } : entry;
  });
}
