import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { logger } from '../common/logger.js';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { DocumentsService } from './documents.service.js';

/**
 * Deletes the chunks of abandoned uploads every `HAVEN_JOB_INTERVAL_SECONDS`. Several instances may
 * run it at once: deleting a blob twice is harmless.
 */
@Injectable()
export class DocumentsJanitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly documents: DocumentsService,
    @Inject(HAVEN_CONFIG) private readonly config: HavenConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.jobIntervalSeconds <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.documents
        .cleanOrphans()
        .then((removed) => removed && logger().info({ removed }, 'abandoned uploads removed'))
        .catch((error: unknown) =>
          logger().error(
            { err: error instanceof Error ? error.message : String(error) },
            'the abandoned-upload job failed',
          ),
        )
        .finally(() => (this.running = null));
    }, this.config.jobIntervalSeconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
