/** Dates and times as every page and the signed record show them, in a given IANA time zone. */

const formats = new Map<string, Intl.DateTimeFormat>();

function partsIn(at: number, timeZone: string): Record<string, string> {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timeZone, format);
  }
  return Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
}

/** "2025-03-04 09:05": the same in both languages, and sortable. */
export function dateTimeIn(at: number, timeZone: string): string {
  const p = partsIn(at, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** "2025-03-04 09:05:07": the record's timestamps, to the second. */
export function dateTimeSecondsIn(at: number, timeZone: string): string {
  const p = partsIn(at, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** "09:05". */
export function clockIn(at: number, timeZone: string): string {
  const p = partsIn(at, timeZone);
  return `${p.hour}:${p.minute}`;
}
