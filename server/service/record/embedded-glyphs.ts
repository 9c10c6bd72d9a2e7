import fs from 'node:fs';
import * as fontkit from 'fontkit';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRawStream,
  type PDFObject,
} from 'pdf-lib';

/** A glyph the record's text uses that a renderer would not draw as the source font does. */
export interface GlyphProblem {
  char: string;
  problem: 'undecodable' | 'no_outline' | 'differs_from_source';
}

export interface GlyphReport {
  /** Glyphs with outlines in the source font that the check compared. */
  checked: number;
  problems: GlyphProblem[];
}

function streamBytes(doc: PDFDocument, ref: PDFObject | undefined): Uint8Array | undefined {
  const stream = ref && doc.context.lookup(ref);
  return stream instanceof PDFRawStream ? decodePDFRawStream(stream).decode() : undefined;
}

/** glyph id → text, from a ToUnicode CMap as pdf-lib writes it (bfchar entries, UTF-16BE). */
export function toUnicodeMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const section of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, cid, text] of section[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
      map.set(parseInt(cid!, 16), Buffer.from(text!, 'hex').swap16().toString('utf16le'));
    }
  }
  return map;
}

/** The drawing of a glyph, comparable across fonts with the same outlines. */
const outline = (glyph: fontkit.Glyph): string =>
  glyph.path.commands.map((c) => `${c.command}${c.args.map((a) => Math.round(a)).join(',')}`).join(' ');

function checkFont(embedded: Uint8Array, cidToText: Map<number, string>, source: fontkit.Font): GlyphReport {
  const report: GlyphReport = { checked: 0, problems: [] };
  let font: fontkit.Font | undefined;
  try {
    font = fontkit.create(embedded);
  } catch {
    font = undefined;
  }
  for (const [cid, char] of cidToText) {
    const expected = outline(source.glyphForCodePoint(char.codePointAt(0)!));
    if (expected === '') continue; // a space: nothing to draw
    report.checked++;
    let drawn: string;
    try {
      if (!font || cid >= font.numGlyphs) throw new Error('no such glyph');
      drawn = outline(font.getGlyph(cid));
    } catch {
      report.problems.push({ char, problem: 'undecodable' });
      continue;
    }
    if (drawn === '') report.problems.push({ char, problem: 'no_outline' });
    else if (drawn !== expected) report.problems.push({ char, problem: 'differs_from_source' });
  }
  return report;
}

/**
 * Reads every embedded TrueType font of a PDF back and compares each glyph its
 * text uses (per the font's ToUnicode map) with the same character's glyph in
 * `sourceFontFile`. pdftotext reads the text layer only, so it cannot see a
 * broken subset; this sees what a renderer is given.
 */
export async function embeddedGlyphReport(pdf: Uint8Array, sourceFontFile: string): Promise<GlyphReport> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const source = fontkit.create(fs.readFileSync(sourceFontFile));
  const total: GlyphReport = { checked: 0, problems: [] };
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Subtype')) !== PDFName.of('Type0')) continue;
    const descendants = object.lookup(PDFName.of('DescendantFonts'), PDFArray);
    const cidFont = descendants.lookup(0, PDFDict);
    const descriptor = cidFont.lookup(PDFName.of('FontDescriptor'), PDFDict);
    const fontFile = streamBytes(doc, descriptor.get(PDFName.of('FontFile2')));
    const cmap = streamBytes(doc, object.get(PDFName.of('ToUnicode')));
    if (!fontFile || !cmap) {
      total.problems.push({ char: '', problem: 'undecodable' });
      continue;
    }
    const report = checkFont(fontFile, toUnicodeMap(Buffer.from(cmap).toString('latin1')), source);
    total.checked += report.checked;
    total.problems.push(...report.problems);
  }
  return total;
}
