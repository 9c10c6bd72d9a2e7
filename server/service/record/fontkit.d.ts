/** The part of fontkit 2 the record uses (the package ships no types). */
declare module 'fontkit' {
  export interface PathCommand {
    command: string;
    args: number[];
  }
  export interface GlyphPath {
    commands: PathCommand[];
  }
  export interface Glyph {
    id: number;
    path: GlyphPath;
    advanceWidth: number;
  }
  export interface Subset {
    includeGlyph(glyph: number | Glyph): number;
    encode(): Uint8Array;
  }
  export interface Font {
    numGlyphs: number;
    hasGlyphForCodePoint(codePoint: number): boolean;
    glyphForCodePoint(codePoint: number): Glyph;
    getGlyph(id: number): Glyph;
    createSubset(): Subset;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
