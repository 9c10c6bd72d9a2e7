import { rgb, type PDFDocument, type PDFPage } from 'pdf-lib';
import type { RecordFonts } from './record-fonts.js';
import { textRuns } from './text-runs.js';

export const A4: [number, number] = [595.28, 841.89];
export const MARGIN = 40;
/** Room kept at the foot of every page for its footer. */
const FOOTER = 28;
const LINE_GAP = 1.35;
export const INK = rgb(0.1, 0.1, 0.1);
export const GREY = rgb(0.4, 0.4, 0.4);
export const RULE = rgb(0.55, 0.6, 0.68);
export const SHADE = rgb(0.9, 0.93, 0.97);

export interface TextStyle {
  size?: number;
  indent?: number;
  grey?: boolean;
}

/** One box of a form row: a small label over its value. */
export interface Cell {
  label: string;
  value: string;
  /** Share of the row's width; the row's cells share it equally when absent. */
  share?: number;
}

const LABEL_SIZE = 7;
const VALUE_SIZE = 10;
const PAD = 4;

/**
 * Draws the record top to bottom: text wrapped to the width, form rows of
 * boxed cells, section bars; it starts a new page when one is full.
 */
export class RecordWriter {
  private page!: PDFPage;
  private y = 0;
  private readonly charWidths = new Map<string, number>();
  readonly width = A4[0] - 2 * MARGIN;

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: RecordFonts,
  ) {
    this.newPage();
  }

  get currentPage(): PDFPage {
    return this.page;
  }

  /** The cursor's height on the page, for drawing beside what was just written. */
  get cursor(): number {
    return this.y;
  }

  newPage(): void {
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  gap(points: number): void {
    this.y -= points;
  }

  /** Moves to a new page unless `height` still fits on this one. */
  ensureSpace(height: number): void {
    if (this.y - height < MARGIN + FOOTER) this.newPage();
  }

  heading(text: string, size = 14): void {
    this.gap(size * 0.4);
    this.text(text, { size });
    this.gap(size * 0.2);
  }

  /** Writes text, wrapped to the page width, moving the cursor down. */
  text(text: string, style: TextStyle = {}): void {
    const size = style.size ?? 10;
    const indent = style.indent ?? 0;
    for (const line of this.lines(text, this.width - indent, size)) {
      this.ensureSpace(size * LINE_GAP);
      this.y -= size * LINE_GAP;
      this.draw(line, MARGIN + indent, this.y, size, style.grey === true ? GREY : INK);
    }
  }

  /**
   * A shaded bar across the page with a section's title, and a note at its
   * right end; it moves to a new page unless `keep` points fit below it.
   */
  bar(title: string, note = '', keep = 30): void {
    const height = 15;
    this.ensureSpace(height + 4 + keep);
    this.y -= height + 4;
    this.page.drawRectangle({ x: MARGIN, y: this.y, width: this.width, height, color: SHADE });
    this.draw(title, MARGIN + PAD, this.y + 4.5, 9, INK);
    if (note) this.draw(note, MARGIN + this.width - PAD - this.widthOf(note, 7.5), this.y + 5, 7.5, GREY);
  }

  /** A row of boxed cells, as tall as its longest value. */
  row(cells: readonly Cell[]): void {
    const totalShare = cells.reduce((sum, c) => sum + (c.share ?? 1), 0);
    const widths = cells.map((c) => (this.width * (c.share ?? 1)) / totalShare);
    const valueLines = cells.map((c, i) => this.lines(c.value, widths[i]! - 2 * PAD, VALUE_SIZE));
    const labelLines = cells.map((c, i) => this.lines(c.label, widths[i]! - 2 * PAD, LABEL_SIZE));
    const height =
      PAD * 2 +
      Math.max(
        ...cells.map(
          (_, i) =>
            labelLines[i]!.length * LABEL_SIZE * LINE_GAP + valueLines[i]!.length * VALUE_SIZE * LINE_GAP,
        ),
      );
    this.ensureSpace(height);
    const top = this.y;
    let x = MARGIN;
    cells.forEach((_, i) => {
      const width = widths[i]!;
      this.page.drawRectangle({ x, y: top - height, width, height, borderColor: RULE, borderWidth: 0.6 });
      let y = top - PAD;
      for (const line of labelLines[i]!) {
        y -= LABEL_SIZE * LINE_GAP;
        this.draw(line, x + PAD, y + 1, LABEL_SIZE, GREY);
      }
      for (const line of valueLines[i]!) {
        y -= VALUE_SIZE * LINE_GAP;
        this.draw(line, x + PAD, y + 1, VALUE_SIZE, INK);
      }
      x += width;
    });
    this.y = top - height;
  }

  /** A table row without boxes: columns of wrapped text over a hairline; widths are shares of the page width. */
  columns(texts: readonly { text: string; share: number; grey?: boolean }[], size = 8.5): void {
    const total = texts.reduce((sum, t) => sum + t.share, 0);
    const widths = texts.map((t) => (this.width * t.share) / total);
    const lines = texts.map((t, i) => this.lines(t.text, widths[i]! - PAD, size));
    // Room under the last line for descenders, then the hairline.
    const height = Math.max(...lines.map((l) => l.length)) * size * LINE_GAP + PAD + 2;
    this.ensureSpace(height);
    let x = MARGIN;
    texts.forEach((t, i) => {
      lines[i]!.forEach((line, n) =>
        this.draw(line, x, this.y - (n + 1) * size * LINE_GAP, size, t.grey === true ? GREY : INK),
      );
      x += widths[i]!;
    });
    this.y -= height;
    this.page.drawLine({
      start: { x: MARGIN, y: this.y + 1.5 },
      end: { x: MARGIN + this.width, y: this.y + 1.5 },
      thickness: 0.3,
      color: RULE,
    });
  }

  /** Draws one line of text at a point, each character in the font that has it. */
  draw(line: string, x: number, y: number, size: number, color = INK, page = this.page): void {
    let cursor = x;
    for (const run of textRuns(line, this.fonts)) {
      page.drawText(run.text, { x: cursor, y, size, font: run.font, color });
      cursor += this.widthOf(run.text, size);
    }
  }

  widthOf(text: string, size: number): number {
    let width = 0;
    for (const char of text) {
      let unit = this.charWidths.get(char);
      if (unit === undefined) {
        const run = textRuns(char, this.fonts)[0]!;
        unit = run.font.widthOfTextAtSize(run.text, 1000) / 1000;
        this.charWidths.set(char, unit);
      }
      width += unit * size;
    }
    return width;
  }

  /** Greedy line breaking: at a space when the line has one late enough, else between any two characters (CJK). */
  lines(text: string, width: number, size: number): string[] {
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
          lineWidth = this.widthOf(line, size);
        }
        line += char;
        lineWidth += charWidth;
      }
      lines.push(line);
    }
    return lines;
  }

  /** "record number · page n / total" at the foot of every page, once all pages exist. */
  footers(text: (page: number, total: number) => string): void {
    const pages = this.doc.getPages();
    pages.forEach((page, i) => {
      page.drawLine({
        start: { x: MARGIN, y: MARGIN + 12 },
        end: { x: A4[0] - MARGIN, y: MARGIN + 12 },
        thickness: 0.5,
        color: RULE,
      });
      this.draw(text(i + 1, pages.length), MARGIN, MARGIN, 7.5, GREY, page);
    });
  }
}
