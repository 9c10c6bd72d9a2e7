import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendJournal, JOURNAL_FILE, readJournal, type JournalEntry } from './recording-journal.js';
import { recorderSdp, sdpPort } from './rules/recorder-sdp.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const entry = (n: number): JournalEntry => ({
  participant: { key: 'teller:t1', role: 'teller', displayName: 'Teller One' },
  file: `teller_t1-video-0${n}.webm`,
  kind: 'video',
  codec: 'video/VP8',
  producerId: `p${n}`,
  startedAt: 1_000 * n,
});

describe('the journal of segments started', () => {
  it('reads back every whole line, skipping one a crash cut off', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rec-wire-journal-'));
    dirs.push(dir);
    expect(readJournal(dir)).toEqual([]);
    appendJournal(dir, entry(1));
    appendJournal(dir, entry(2));
    fs.appendFileSync(path.join(dir, JOURNAL_FILE), '{"participant":{"key":"cust');
    expect(readJournal(dir)).toEqual([entry(1), entry(2)]);
  });

  it('joins a segment’s end to its start, whatever lines lie between, and leaves unended ones without', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rec-wire-journal-'));
    dirs.push(dir);
    appendJournal(dir, entry(1));
    appendJournal(dir, entry(2));
    appendJournal(dir, { ended: entry(1).file, endedAt: 5_000, status: 'complete' });
    appendJournal(dir, { ended: 'not-in-this-journal.webm', endedAt: 6_000, status: 'complete' });
    expect(readJournal(dir)).toEqual([
      { ...entry(1), end: { ended: entry(1).file, endedAt: 5_000, status: 'complete' } },
      entry(2),
    ]);
  });
});

describe('the recorder SDP', () => {
  it('names the port a restart sends its BYE to', () => {
    const sdp = recorderSdp(
      'audio',
      { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }] },
      40_002,
    );
    expect(sdpPort(sdp)).toBe(40_002);
    expect(sdpPort('v=0\r\n')).toBeUndefined();
  });
});
