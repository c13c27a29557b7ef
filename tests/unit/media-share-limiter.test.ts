import { describe, expect, it } from 'vitest';
import { limiter } from '../../src/media/share-image.js';

/** Lets every queued promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the limit on share images made at once', () => {
  it('runs at most two, starts the next in the order asked as each ends, failed or not', async () => {
    const inTurn = limiter(2);
    const started: number[] = [];
    const finish: Array<(ok: boolean) => void> = [];
    let running = 0;
    let most = 0;
    const results = Array.from({ length: 5 }, (_, i) =>
      inTurn(
        () =>
          new Promise<number>((resolve, reject) => {
            started.push(i);
            running++;
            most = Math.max(most, running);
            finish[i] = (ok) => {
              running--;
              if (ok) resolve(i);
              else reject(new Error(`job ${i} failed`));
            };
          }),
      ).catch((err: Error) => err.message),
    );
    await settle();
    expect(started).toEqual([0, 1]);
    finish[1]!(false);
    await settle();
    expect(started).toEqual([0, 1, 2]);
    finish[0]!(true);
    await settle();
    expect(started).toEqual([0, 1, 2, 3]);
    finish[2]!(true);
    finish[3]!(true);
    await settle();
    finish[4]!(true);
    expect(await Promise.all(results)).toEqual([0, 'job 1 failed', 2, 3, 4]);
    expect(most).toBe(2);
    // Every turn was given back: the next two start at once.
    const again: number[] = [];
    const hold = new Promise<void>(() => {});
    for (const n of [1, 2]) {
      void inTurn(() => {
        again.push(n);
        return hold;
      });
    }
    await settle();
    expect(again).toEqual([1, 2]);
  });
});
