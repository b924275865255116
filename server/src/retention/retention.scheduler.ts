import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { logger } from '../common/logger.js';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { RetentionService } from './retention.service.js';

/**
 * The nightly retention dry run: checked every `HAVEN_JOB_INTERVAL_SECONDS` on each instance; the
 * job records one run a day (RetentionService.nightly), whichever instance comes first.
 */
@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly retention: RetentionService,
    @Inject(HAVEN_CONFIG) private readonly config: HavenConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.jobIntervalSeconds <= 0) return;
    const tick = () => {
      if (this.running) return;
      this.running = this.retention
        .nightly()
        .then((counts) => counts && logger().info(counts, 'nightly retention dry run'))
        .catch((error: unknown) =>
          logger().error(
            { err: error instanceof Error ? error.message : String(error) },
            'retention job failed',
          ),
        )
        .finally(() => (this.running = null));
    };
    setTimeout(tick, 15_000).unref();
    this.timer = setInterval(tick, this.config.jobIntervalSeconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
