import { execFileSync } from 'node:child_process';

export interface OsUser {
  readonly uid: number;
  readonly gid: number;
}

const NAME = 'skyteller-pg';
const USERADD_ATTEMPTS = 20;

/**
 * The OS user the server runs as: `skyteller-pg` when we are root (PostgreSQL
 * refuses root), created when missing; undefined when we are not root, and the
 * server simply runs as us.
 */
export function postgresUser(): OsUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (let attempt = 1; ; attempt++) {
    const found = lookUp();
    if (found) return found;
    try {
      execFileSync(
        'useradd',
        [
          '--system',
          '--user-group',
          '--no-create-home',
          '--home-dir',
          '/nonexistent',
          '--shell',
          '/usr/sbin/nologin',
          NAME,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
    } catch (error) {
      // Test files start in parallel: another one may hold /etc/passwd's lock or
      // have just created the user; look again, a little later.
      if (attempt >= USERADD_ATTEMPTS) {
        const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim() ?? '';
        throw new Error(`postgres: cannot create the OS user ${NAME}: ${stderr}`);
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
}

function lookUp(): OsUser | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', NAME], { stdio: ['ignore', 'pipe', 'ignore'] }).toString());
    const gid = Number(execFileSync('id', ['-g', NAME], { stdio: ['ignore', 'pipe', 'ignore'] }).toString());
    return { uid, gid };
  } catch {
    return undefined;
  }
}
