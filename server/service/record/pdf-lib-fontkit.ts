import { EventEmitter } from 'node:events';
import * as fontkit from 'fontkit';
import type { PDFDocument } from 'pdf-lib';

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];

/**
 * Upstream fontkit 2 in the shape pdf-lib 1.17 expects of a fontkit.
 *
 * Why not @pdf-lib/fontkit 1.1.1: its TrueType subsetter writes the short
 * `loca` format (offsets halved) whenever the subset is under 64 KB, so a glyph
 * of odd length — most of DroidSansFallback's — is cut or shifted and poppler
 * draws nothing. fontkit 2 keeps the source font's `loca` format. The one
 * difference pdf-lib meets: a subset is encoded with `encode()`, not the
 * removed `encodeStream()`, which pdf-lib reads as a stream of chunks.
 */
function withEncodeStream(subset: fontkit.Subset): fontkit.Subset & { encodeStream(): EventEmitter } {
  return Object.assign(subset, {
    encodeStream(): EventEmitter {
      const stream = new EventEmitter();
      // pdf-lib attaches its listeners after the call returns.
      setImmediate(() => {
        try {
          stream.emit('data', subset.encode());
          stream.emit('end');
        } catch (error) {
          stream.emit('error', error);
        }
      });
      return stream;
    },
  });
}

/**
 * pdf-lib lays out every run it measures or draws and reads only the glyphs.
 * fontkit 2 runs its OpenType shaper for that, which took most of a record's
 * build time; Han text has no ligatures or contextual forms to shape, so the
 * glyphs are looked up one character at a time, each once.
 */
function unshapedLayout(font: fontkit.Font): (text: string) => { glyphs: fontkit.Glyph[] } {
  const glyphs = new Map<number, fontkit.Glyph>();
  const glyphOf = (codePoint: number) => {
    let glyph = glyphs.get(codePoint);
    if (!glyph) {
      glyph = font.glyphForCodePoint(codePoint);
      glyphs.set(codePoint, glyph);
    }
    return glyph;
  };
  return (text) => ({ glyphs: Array.from(text, (char) => glyphOf(char.codePointAt(0)!)) });
}

export const pdfLibFontkit = {
  create(buffer: Uint8Array, postscriptName?: string) {
    const font = fontkit.create(buffer, postscriptName);
    const createSubset = font.createSubset.bind(font);
    return Object.assign(font, {
      createSubset: () => withEncodeStream(createSubset()),
      layout: unshapedLayout(font),
    });
  },
} as unknown as Fontkit;
