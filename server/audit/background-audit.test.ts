import { describe, expect, it } from 'vitest';
import { BackgroundAudit } from './background-audit.js';

describe('BackgroundAudit', () => {
  it('waits at drain for every write under way, and hands a failed one on', async () => {
    const failures: unknown[] = [];
    const background = new BackgroundAudit((error) => failures.push(error));
    const landed: string[] = [];
    const later = (name: string, ms: number, fail = false) =>
      new Promise<void>((resolve, reject) =>
        setTimeout(() => {
          landed.push(name);
          if (fail) reject(new Error(name));
          else resolve();
        }, ms),
      );
    background.add(later('a', 30));
    background.add(later('b', 10, true));
    await background.drain();
    expect(landed.sort()).toEqual(['a', 'b']);
    expect(failures).toEqual([new Error('b')]);
    await background.drain();
  });
});
