import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PeriodicJob } from './periodic-job.js';

class Job extends PeriodicJob {
  runs = 0;
  finish: (() => void) | null = null;
  failNext = false;
  constructor(intervalSeconds: number, firstRunAfterMs?: number) {
    super({ name: 'test job', intervalSeconds, firstRunAfterMs });
  }
  protected run() {
    this.runs++;
    if (this.failNext) {
      this.failNext = false;
      return Promise.reject(new Error('boom'));
    }
    return new Promise<null>((resolve) => (this.finish = () => resolve(null)));
  }
}

describe('PeriodicJob', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs every interval, one run at a time, and shutdown waits for the one in progress', async () => {
    const job = new Job(10);
    job.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(job.runs).toBe(1);
    // Still running at the next tick: not started twice.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(job.runs).toBe(1);
    job.finish!();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(job.runs).toBe(2);
    let stopped = false;
    const stopping = job.onApplicationShutdown().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    job.finish!();
    await stopping;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(job.runs).toBe(2);
  });

  it('tries again at the next tick after a failure, and first runs early when asked', async () => {
    const job = new Job(10, 1_000);
    job.failNext = true;
    job.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(job.runs).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(job.runs).toBe(2);
    job.finish!();
    await job.onApplicationShutdown();
  });

  it('never runs with an interval of 0', async () => {
    const job = new Job(0, 0);
    job.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(job.runs).toBe(0);
  });
});
