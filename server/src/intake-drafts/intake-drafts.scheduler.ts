import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { logger } from '../common/logger.js';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { IntakeDraftsService } from './intake-drafts.service.js';

/**
 * Purges expired intake drafts every `HAVEN_JOB_INTERVAL_SECONDS` (as the retention job runs), so
 * that an abandoned draft does not outlive its expiry by more than that, read or not.
 */
@Injectable()
export class IntakeDraftsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly drafts: IntakeDraftsService,
    @Inject(HAVEN_CONFIG) private readonly config: HavenConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.jobIntervalSeconds <= 0) return;
    const tick = () => {
      if (this.running) return;
      this.running = this.drafts
        .purgeExpired()
        .then((count) => count > 0 && logger().info({ count }, 'expired intake drafts purged'))
        .catch((error: unknown) =>
          logger().error(
            { err: error instanceof Error ? error.message : String(error) },
            'intake draft purge failed',
          ),
        )
        .finally(() => (this.running = null));
    };
    this.timer = setInterval(tick, this.config.jobIntervalSeconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
