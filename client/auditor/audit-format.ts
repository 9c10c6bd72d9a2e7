const two = (n: number): string => String(n).padStart(2, '0');

/** A position in a recording as a media player shows it: "0:07", "12:30", "1:02:03". */
export function mediaClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor(total / 60) % 60;
  const seconds = total % 60;
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${minutes}:${two(seconds)}`;
}
