/**
 * Coordinates as people read them: degrees, minutes and seconds with a tenth
 * of a second (about three metres), and the hemisphere letter. One format for
 * the teller's page and the signed record, so the two can be compared by eye.
 */
function dms(value: number, positive: string, negative: string): string {
  const tenths = Math.round(Math.abs(value) * 36_000);
  const degrees = Math.floor(tenths / 36_000);
  const minutes = Math.floor((tenths % 36_000) / 600);
  const seconds = (tenths % 600) / 10;
  return `${degrees}°${String(minutes).padStart(2, '0')}'${seconds.toFixed(1).padStart(4, '0')}"${value < 0 ? negative : positive}`;
}

/** `31°13'49.4"N 121°28'25.3"E` for 31.2304, 121.4737. */
export const formatCoordinates = (latitude: number, longitude: number): string =>
  `${dms(latitude, 'N', 'S')} ${dms(longitude, 'E', 'W')}`;

/** The accuracy radius in whole metres. */
export const formatAccuracy = (metres: number): string => `±${Math.round(metres)} m`;
