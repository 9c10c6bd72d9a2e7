import type { PDFFont } from 'pdf-lib';
import type { RecordFonts } from './record-fonts.js';

export interface TextRun {
  text: string;
  font: PDFFont;
}

const REPLACEMENT = '?';

/** Splits text into runs of one font each; a character neither font has becomes "?". */
export function textRuns(text: string, fonts: RecordFonts): TextRun[] {
  const runs: TextRun[] = [];
  for (const char of text) {
    const font = fonts.fontFor(char);
    const drawn = font ? char : REPLACEMENT;
    const runFont = font ?? fonts.latin;
    const last = runs.at(-1);
    if (last && last.font === runFont) last.text += drawn;
    else runs.push({ text: drawn, font: runFont });
  }
  return runs;
}

export function runsWidth(runs: readonly TextRun[], size: number): number {
  return runs.reduce((sum, run) => sum + run.font.widthOfTextAtSize(run.text, size), 0);
}
