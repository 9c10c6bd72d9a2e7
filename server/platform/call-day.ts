/** The institution's zone: validation dates ("not after today") follow its calendar. */
const INSTITUTION_TIME_ZONE = 'Asia/Shanghai';

// The Canadian English locale writes dates as YYYY-MM-DD.
const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: INSTITUTION_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The day of a moment in the institution's time zone, YYYY-MM-DD. */
export function callDay(at: number): string {
  return dayFormat.format(new Date(at));
}
