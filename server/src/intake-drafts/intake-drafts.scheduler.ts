import { Inject, Injectable } from '@nestjs/common';
import { PeriodicJob } from '../common/periodic-job.js';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { IntakeDraftsService } from './intake-drafts.service.js';

/**
 * Purges expired intake drafts every `HAVEN_JOB_INTERVAL_SECONDS` (as the retention job runs), so
 * that an abandoned draft does not outlive its expiry by more than that, read or not.
 */
@Injectable()
export class IntakeDraftsScheduler extends PeriodicJob {
  constructor(
    private readonly drafts: IntakeDraftsService,
    @Inject(HAVEN_CONFIG) config: HavenConfig,
  ) {
    super({ name: 'expired intake drafts purge', intervalSeconds: config.jobIntervalSeconds });
  }

  protected async run() {
    const count = await this.drafts.purgeExpired();
    return count > 0 ? { count } : null;
  }
}
