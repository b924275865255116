/**
 * At most `limit` tasks at a time; the others wait their turn, first come first served.
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((turn) => this.waiting.push(turn));
    else this.active++;
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiter (so `active` never drops under it).
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
