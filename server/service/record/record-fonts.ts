import fs from 'node:fs';
import * as fontkit from 'fontkit';
import { StandardFonts, type PDFDocument, type PDFFont } from 'pdf-lib';
import { pdfLibFontkit } from './pdf-lib-fontkit.js';

/** Debian's fonts-droid-fallback: CJK glyphs only, so Latin text uses Helvetica. */
export const CJK_FONT_FILE = '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf';

let cjkBytes: Uint8Array | undefined;
let cjkCoverage: ((codePoint: number) => boolean) | undefined;

function loadCjk(): { bytes: Uint8Array; covers: (codePoint: number) => boolean } {
  if (!cjkBytes || !cjkCoverage) {
    cjkBytes = fs.readFileSync(CJK_FONT_FILE);
    const font = fontkit.create(cjkBytes);
    cjkCoverage = (codePoint) => font.hasGlyphForCodePoint(codePoint);
  }
  return { bytes: cjkBytes, covers: cjkCoverage };
}

/** The two fonts a record is written in, and which one draws a character. */
export class RecordFonts {
  private constructor(
    readonly latin: PDFFont,
    readonly cjk: PDFFont,
    private readonly latinSet: Set<number>,
    private readonly cjkCovers: (codePoint: number) => boolean,
  ) {}

  static async embedInto(doc: PDFDocument): Promise<RecordFonts> {
    doc.registerFontkit(pdfLibFontkit);
    const { bytes, covers } = loadCjk();
    // Subsetting keeps only the glyphs used: a few kilobytes instead of 4 MB.
    const cjk = await doc.embedFont(bytes, { subset: true });
    const latin = await doc.embedFont(StandardFonts.Helvetica);
    return new RecordFonts(latin, cjk, new Set(latin.getCharacterSet()), covers);
  }

  /** The font for one character; undefined when neither has it. */
  fontFor(char: string): PDFFont | undefined {
    const codePoint = char.codePointAt(0)!;
    if (this.latinSet.has(codePoint)) return this.latin;
    if (this.cjkCovers(codePoint)) return this.cjk;
    return undefined;
  }
}
