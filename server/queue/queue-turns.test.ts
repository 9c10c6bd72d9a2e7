import { describe, expect, it } from 'vitest';
import { QueueTurns } from './queue-turns.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('queue turns', () => {
  it('runs changes one at a time, in the order asked, however long each waits', async () => {
    const turns = new QueueTurns(() => undefined);
    const log: string[] = [];
    const change = (name: string, waits: number) =>
      turns.run(async () => {
        log.push(`${name} starts`);
        for (let i = 0; i < waits; i++) await tick();
        log.push(`${name} ends`);
        return name;
      });
    expect(await Promise.all([change('a', 3), change('b', 0), change('c', 1)])).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a starts', 'a ends', 'b starts', 'b ends', 'c starts', 'c ends']);
  });

  it('lets a change call another inside its own turn, and a failed change not stop the next', async () => {
    const turns = new QueueTurns(() => undefined);
    const inner = () => turns.run(() => 'inner');
    expect(await turns.run(async () => `outer+${await inner()}`)).toBe('outer+inner');
    await expect(turns.run(() => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    expect(await turns.run(() => 'after')).toBe('after');
  });

  it('gives a timer set inside a turn a turn of its own, even when it fires before that turn ends', async () => {
    const turns = new QueueTurns(() => undefined);
    const log: string[] = [];
    await turns.run(async () => {
      setImmediate(() => turns.background(() => log.push('timer')));
      await tick();
      await tick();
      log.push('turn ends');
    });
    await turns.settled();
    expect(log).toEqual(['turn ends', 'timer']);
  });

  it('queues news told inside a turn after it, reports what fails unawaited, and settles once all ran', async () => {
    const errors: unknown[] = [];
    const turns = new QueueTurns((error) => errors.push(error));
    const log: string[] = [];
    await turns.run(async () => {
      turns.background(() => {
        log.push('news');
        turns.background(() => log.push('news of the news'));
      });
      turns.background(() => Promise.reject(new Error('timer failed')));
      await tick();
      log.push('turn ends');
    });
    await turns.settled();
    expect(log).toEqual(['turn ends', 'news', 'news of the news']);
    expect(errors).toEqual([new Error('timer failed')]);
  });
});
