import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore.js';

describe('Semaphore', () => {
  it('runs at most its limit at once, the others in the order they came, through failures', async () => {
    const semaphore = new Semaphore(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const task = (n: number) =>
      semaphore.run(async () => {
        started.push(n);
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 5 + (n % 3) * 5));
        running--;
        if (n === 3) throw new Error('task 3 failed');
        return n;
      });
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, n) => task(n)));
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    // Every slot came back: the next two run together again.
    running = 0;
    most = 0;
    await Promise.all([task(10), task(11), task(12)]);
    expect(most).toBe(2);
  });
});
