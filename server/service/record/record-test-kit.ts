import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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
