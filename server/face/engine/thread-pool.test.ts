import { afterEach, describe, expect, it } from 'vitest';
import { ThreadPool, type ThreadPoolOptions } from './thread-pool.js';

const SCRIPT = new URL('../../../test/support/scripted-worker.ts', import.meta.url);
const pools: ThreadPool<number, number>[] = [];
const pool = (options: Partial<ThreadPoolOptions> = {}) => {
  const created = new ThreadPool<number, number>({ script: SCRIPT, size: 1, ...options });
  pools.push(created);
  return created;
};

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe('ThreadPool', () => {
  it('queues more jobs than workers and answers each one', async () => {
    const twoWorkers = pool({ size: 2 });
    const results = Promise.all([1, 2, 3, 4, 5].map((n) => twoWorkers.run(n)));
    expect(twoWorkers.queued).toBe(5);
    expect(await results).toEqual([2, 4, 6, 8, 10]);
  });

  it('passes a worker-side error on with its code', async () => {
    await expect(pool().run(-1)).rejects.toMatchObject({ code: 'image_type', message: 'scripted failure' });
  });

  it('fails only the job of a worker that dies, and replaces the worker', async () => {
    const single = pool();
    const crashed = single.run(-2);
    const next = single.run(21);
    await expect(crashed).rejects.toMatchObject({
      code: 'face_engine_failed',
      message: expect.stringMatching(/exited with code 1 while analysing/),
    });
    expect(await next).toBe(42);
  });

  it('gives up when workers keep dying during setup', async () => {
    const broken = pool({ workerData: { failSetup: true }, maxStartupFailures: 2 });
    await expect(broken.whenReady()).rejects.toMatchObject({ code: 'face_engine_failed' });
    await expect(broken.run(1)).rejects.toMatchObject({
      message: expect.stringMatching(/during setup, 2 times/),
    });
  });

  it('refuses work once closed and fails what was waiting', async () => {
    const closing = pool();
    const waiting = expect(closing.run(1)).rejects.toMatchObject({ code: 'face_engine_failed' });
    await closing.close();
    await waiting;
    await expect(closing.run(2)).rejects.toMatchObject({ message: expect.stringMatching(/closed/) });
  });

  it('refuses a pool without workers', () => {
    expect(() => new ThreadPool({ script: SCRIPT, size: 0 })).toThrow(RangeError);
  });
});
