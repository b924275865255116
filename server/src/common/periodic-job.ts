import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { logger } from './logger.js';

/**
 * A background job run every `intervalSeconds` on each instance (0 or less: never), one run at a
 * time per instance; shutdown waits for a run in progress. What a run does, and whether several
 * instances may run it at once, is the subclass's to say. A failure is logged (its message only,
 * no data) and the next tick tries again.
 */
export abstract class PeriodicJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  protected constructor(
    private readonly job: { name: string; intervalSeconds: number; firstRunAfterMs?: number },
  ) {}

  /** One run; what it returns is logged when it is not empty (counts, never personal data). */
  protected abstract run(): Promise<Record<string, number> | null>;

  onApplicationBootstrap(): void {
    if (this.job.intervalSeconds <= 0) return;
    const tick = () => {
      if (this.running) return;
      this.running = this.run()
        .then((counts) => counts && logger().info(counts, this.job.name))
        .catch((error: unknown) =>
          logger().error(
            { err: error instanceof Error ? error.message : String(error) },
            `${this.job.name} failed`,
          ),
        )
        .finally(() => (this.running = null));
    };
    if (this.job.firstRunAfterMs !== undefined) setTimeout(tick, this.job.firstRunAfterMs).unref();
    this.timer = setInterval(tick, this.job.intervalSeconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
