import fs from 'node:fs';
import path from 'node:path';

const ROOT = '/usr/lib/postgresql';

/**
 * The bin folder of the newest PostgreSQL that Debian's `postgresql` package
 * installed (/usr/lib/postgresql/<major>/bin). Debian keeps the server binaries
 * off PATH and names the folder by major version, which changes with releases.
 */
export function findPostgresBin(): string {
  const majors = fs.existsSync(ROOT)
    ? fs
        .readdirSync(ROOT)
        .filter((name) => /^\d+$/.test(name) && fs.existsSync(path.join(ROOT, name, 'bin', 'postgres')))
        .map(Number)
        .sort((a, b) => b - a)
    : [];
  const newest = majors[0];
  if (newest === undefined) {
    throw new Error(`postgres: no server under ${ROOT}/<version>/bin; install Debian's postgresql package`);
  }
  return path.join(ROOT, String(newest), 'bin');
}
