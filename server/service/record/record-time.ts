const formatters = new Map<string, Intl.DateTimeFormat>();

/** "2025-03-14 10:23:45" in the record's time zone. */
export function formatRecordTime(ms: number, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // The Swedish locale writes dates the ISO way, which both audiences read.
    formatter = new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
    });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(new Date(ms));
}
