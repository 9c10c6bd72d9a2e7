import { LineCapStyle, type PDFPage } from 'pdf-lib';
import type { SignatureStroke } from '../../../shared/domain/signature-strokes.js';
import { INK } from './record-writer.js';

export interface Box {
  x: number;
  /** The box's lower edge, in PDF points from the page's foot. */
  y: number;
  width: number;
  height: number;
}

const PADDING = 6;

/** The strokes' path in the box's own coordinates (y down, as the pad drew them), scaled to fit. */
export function strokePaths(strokes: readonly SignatureStroke[], box: Box): string[] {
  const points = strokes.flat();
  if (points.length === 0) return [];
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  const spanX = Math.max(Math.max(...xs) - minX, 1);
  const spanY = Math.max(Math.max(...ys) - minY, 1);
  const scale = Math.min((box.width - 2 * PADDING) / spanX, (box.height - 2 * PADDING) / spanY);
  // Centred in the box.
  const offsetX = (box.width - spanX * scale) / 2;
  const offsetY = (box.height - spanY * scale) / 2;
  const at = (p: { x: number; y: number }) =>
    `${(offsetX + (p.x - minX) * scale).toFixed(2)} ${(offsetY + (p.y - minY) * scale).toFixed(2)}`;
  return strokes
    .filter((stroke) => stroke.length > 0)
    .map((stroke) => {
      const [first, ...rest] = stroke;
      // A single point is a dot: a zero-length line with round caps.
      const tail = rest.length > 0 ? rest.map((p) => `L ${at(p)}`).join(' ') : `L ${at(first!)}`;
      return `M ${at(first!)} ${tail}`;
    });
}

/**
 * Draws a signature from its stored strokes as vector lines. The record never
 * decodes the customer's PNG: what it shows is what the pad measured.
 */
export function drawSignature(page: PDFPage, strokes: readonly SignatureStroke[], box: Box): void {
  for (const path of strokePaths(strokes, box)) {
    // drawSvgPath puts the path's origin at (x, y) with y growing downwards.
    page.drawSvgPath(path, {
      x: box.x,
      y: box.y + box.height,
      borderColor: INK,
      borderWidth: 1.4,
      borderLineCap: LineCapStyle.Round,
    });
  }
}
