import { rgb, type PDFDocument, type PDFPage } from 'pdf-lib';
import type { RecordFonts } from './record-fonts.js';
import { textRuns } from './text-runs.js';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const LINE_GAP = 1.45;
const GREY = rgb(0.35, 0.35, 0.35);

export interface TextStyle {
  size?: number;
  indent?: number;
  grey?: boolean;
}

/** Writes lines top to bottom, wrapping long text and starting new pages as needed. */
export class RecordWriter {
  private page!: PDFPage;
  private y = 0;
  private readonly charWidths = new Map<string, number>();

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: RecordFonts,
  ) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  gap(points: number): void {
    this.y -= points;
  }

  heading(text: string, size = 14): void {
    this.gap(size * 0.4);
    this.text(text, { size });
    this.gap(size * 0.2);
  }

  /** Writes text, wrapped to the page width; returns nothing, moves the cursor down. */
  text(text: string, style: TextStyle = {}): void {
    const size = style.size ?? 10;
    const indent = style.indent ?? 0;
    for (const line of this.wrap(text, A4[0] - 2 * MARGIN - indent, size)) {
      this.ensureSpace(size * LINE_GAP);
      this.y -= size * LINE_GAP;
      this.drawLine(line, MARGIN + indent, size, style.grey === true);
    }
  }

  image(png: Awaited<ReturnType<PDFDocument['embedPng']>>, maxWidth: number, maxHeight: number): void {
    const scale = Math.min(maxWidth / png.width, maxHeight / png.height, 1);
    const height = png.height * scale;
    this.ensureSpace(height + 4);
    this.y -= height + 4;
    this.page.drawImage(png, { x: MARGIN, y: this.y, width: png.width * scale, height });
  }

  private ensureSpace(height: number): void {
    if (this.y - height < MARGIN) this.newPage();
  }

  private drawLine(line: string, x: number, size: number, grey: boolean): void {
    let cursor = x;
    for (const run of textRuns(line, this.fonts)) {
      this.page.drawText(run.text, {
        x: cursor,
        y: this.y,
        size,
        font: run.font,
        ...(grey ? { color: GREY } : {}),
      });
      cursor += run.font.widthOfTextAtSize(run.text, size);
    }
  }

  private widthOf(char: string, size: number): number {
    let width = this.charWidths.get(char);
    if (width === undefined) {
      const run = textRuns(char, this.fonts)[0]!;
      width = run.font.widthOfTextAtSize(run.text, 1000) / 1000;
      this.charWidths.set(char, width);
    }
    return width * size;
  }

  /** Greedy line breaking: at a space when the line has one, else between any two characters (CJK). */
  private wrap(text: string, width: number, size: number): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split('\n')) {
      let line = '';
      let lineWidth = 0;
      for (const char of paragraph) {
        const charWidth = this.widthOf(char, size);
        if (lineWidth + charWidth > width && line.length > 0) {
          const space = line.lastIndexOf(' ');
          const cut = space > line.length / 2 ? space : line.length;
          lines.push(line.slice(0, cut));
          line = line.slice(cut).trimStart();
          lineWidth = [...line].reduce((sum, c) => sum + this.widthOf(c, size), 0);
        }
        line += char;
        lineWidth += charWidth;
      }
      lines.push(line);
    }
    return lines;
  }
}
