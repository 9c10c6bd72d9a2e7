import type { Label } from '../../../shared/catalog/fields.js';
import type { HashAppendix } from './hash-appendix.js';
import type { ServiceRecordInput } from './record-input.js';
import type { RecordWriter } from './record-writer.js';

const l = (zh: string, en: string): Label => ({ 'zh-CN': zh, en });

export interface TimelineContext {
  input: ServiceRecordInput;
  writer: RecordWriter;
  appendix: HashAppendix;
  time: (ms: number) => string;
}

/**
 * Page 2 on: what happened, one line per event, in the record's language.
 * Times show the clock only while the day is the call's first.
 */
export function writeTimelinePages({ input, writer, appendix, time }: TimelineContext): void {
  const say = (label: Label) => label[input.language];
  writer.newPage();
  writer.heading(say(l('办理过程', 'What happened during the call')), 14);
  const day = time(input.startedAt).slice(0, 10);
  writer.text(say(l(`${day}，${input.timeZone} 时间`, `${day}, times in ${input.timeZone}`)), {
    size: 8.5,
    grey: true,
  });
  writer.gap(6);
  writer.columns(
    [
      { text: say(l('时间', 'Time')), share: 1.3, grey: true },
      { text: say(l('人员', 'Who')), share: 1.7, grey: true },
      { text: say(l('事项', 'What')), share: 7, grey: true },
    ],
    8,
  );
  for (const event of input.events) {
    const full = time(event.at);
    const hashes = (event.hashes ?? []).map((h) => `${say(h.label)} ${appendix.short(h.label, h.sha256)}`);
    writer.columns([
      { text: full.startsWith(day) ? full.slice(11) : full, share: 1.3 },
      { text: say(event.who), share: 1.7 },
      { text: [say(event.what), ...hashes].join('\n'), share: 7 },
    ]);
  }
}

/** The last page: every hash the record names, in full. */
export function writeAppendixPage({ input, writer, appendix }: Omit<TimelineContext, 'time'>): void {
  const entries = appendix.entries;
  if (entries.length === 0) return;
  const say = (label: Label) => label[input.language];
  writer.newPage();
  writer.heading(say(l('附录：完整摘要值（SHA-256）', 'Appendix: hash values in full (SHA-256)')), 14);
  writer.text(
    say(
      l(
        '前文以前 12 位和编号引用以下各值。',
        'The pages above name each value by its first 12 digits and its number.',
      ),
    ),
    { size: 8.5, grey: true },
  );
  writer.gap(6);
  for (const entry of entries) {
    writer.columns(
      [
        { text: entry.ref, share: 0.6 },
        { text: say(entry.label), share: 2.4 },
        { text: entry.sha256, share: 7 },
      ],
      8,
    );
  }
}
