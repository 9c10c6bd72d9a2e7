/**
 * A hand-drawn signature as the signature pad records it: strokes of points in
 * CSS pixels with the time each was drawn (ms).
 */
export interface SignaturePoint {
  x: number;
  y: number;
  t: number;
}
export type SignatureStroke = readonly SignaturePoint[];

export type SignatureProblem =
  | 'signature_empty'
  | 'signature_too_few_points'
  | 'signature_too_small'
  | 'signature_too_short';

// A tap, a dot or a short dash is not a signature; these floors let any real
// name through on a phone-sized pad.
export const SIGNATURE_MIN_POINTS = 15;
export const SIGNATURE_MIN_EXTENT_PX = 40;
export const SIGNATURE_MIN_INK_PX = 120;

function inkLength(stroke: SignatureStroke): number {
  let length = 0;
  for (let i = 1; i < stroke.length; i++) {
    length += Math.hypot(stroke[i]!.x - stroke[i - 1]!.x, stroke[i]!.y - stroke[i - 1]!.y);
  }
  return length;
}

/** Why the strokes are not a signature, or undefined when they may be one. */
export function signatureProblem(strokes: readonly SignatureStroke[]): SignatureProblem | undefined {
  const points = strokes.flat();
  if (points.length === 0) return 'signature_empty';
  if (points.length < SIGNATURE_MIN_POINTS) return 'signature_too_few_points';
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const extent = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
  if (extent < SIGNATURE_MIN_EXTENT_PX) return 'signature_too_small';
  const ink = strokes.reduce((sum, stroke) => sum + inkLength(stroke), 0);
  if (ink < SIGNATURE_MIN_INK_PX) return 'signature_too_short';
  return undefined;
}

/** Time from the first point to the last, for the record. */
export function signatureDurationMs(strokes: readonly SignatureStroke[]): number {
  const times = strokes.flat().map((p) => p.t);
  return times.length === 0 ? 0 : Math.max(...times) - Math.min(...times);
}
