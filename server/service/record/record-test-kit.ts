import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { embeddedGlyphReport } from './embedded-glyphs.js';
import { CJK_FONT_FILE } from './record-fonts.js';

/** Temporary files and the Debian PDF tools, for the record tests. */
export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-records-'));
}

export function writeTemp(dir: string, name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** pdfsig's report; it exits non-zero for a broken signature, which is a finding here, not a failure. */
export function pdfsig(file: string): string {
  const run = spawnSync('pdfsig', [file], { encoding: 'utf8' });
  return run.stdout + run.stderr;
}

export function qpdfCheck(file: string): { status: number | null; output: string } {
  const run = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

export function pdftotext(file: string): string {
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
}

export interface RenderedPages {
  pages: PNG[];
  /** What the renderer complained of; poppler writes "Syntax Error: …" for a broken font. */
  errors: string;
}

/** Every page drawn by poppler's Splash (`pdftoppm`) or Cairo (`pdftocairo`) backend, as PNGs. */
export function renderPages(file: string, tool: 'pdftoppm' | 'pdftocairo', dpi = 50): RenderedPages {
  const prefix = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-render-')), 'page');
  const run = spawnSync(tool, ['-png', '-r', String(dpi), file, prefix], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${tool} failed: ${run.stderr}`);
  const dir = path.dirname(prefix);
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.png'))
    .sort((a, b) => Number(/(\d+)\.png$/.exec(a)![1]) - Number(/(\d+)\.png$/.exec(b)![1]));
  const pages = files.map((f) => PNG.sync.read(fs.readFileSync(path.join(dir, f))));
  fs.rmSync(dir, { recursive: true, force: true });
  return { pages, errors: run.stderr.trim() };
}

/** Share of a page's pixels that are not near-white: a blank page has none. */
export function inkShare(page: PNG): number {
  let ink = 0;
  for (let i = 0; i < page.data.length; i += 4) {
    if (page.data[i]! < 200 || page.data[i + 1]! < 200 || page.data[i + 2]! < 200) ink++;
  }
  return ink / (page.width * page.height);
}

/** How a record fares with both poppler backends and against the source font, for one assertion. */
export async function renderingReport(file: string) {
  const pdf = fs.readFileSync(file);
  const glyphs = await embeddedGlyphReport(pdf, CJK_FONT_FILE);
  const renderers = (['pdftoppm', 'pdftocairo'] as const).map((tool) => {
    const { pages, errors } = renderPages(file, tool);
    return {
      tool,
      errors,
      pagesWithInk: pages.filter((p) => inkShare(p) > 0.002).length,
      pages: pages.length,
    };
  });
  return { glyphs, renderers };
}
