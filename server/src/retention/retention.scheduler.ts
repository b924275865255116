import { Inject, Injectable } from '@nestjs/common';
import { PeriodicJob } from '../common/periodic-job.js';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { RetentionService } from './retention.service.js';

/**
 * The nightly retention dry run: checked every `HAVEN_JOB_INTERVAL_SECONDS` on each instance (the
 * first time 15 s after start); the job records one run a day (RetentionService.nightly),
 * whichever instance comes first.
 */
@Injectable()
export class RetentionScheduler extends PeriodicJob {
  constructor(
    private readonly retention: RetentionService,
    @Inject(HAVEN_CONFIG) config: HavenConfig,
  ) {
    super({
      name: 'nightly retention dry run',
      intervalSeconds: config.jobIntervalSeconds,
      firstRunAfterMs: 15_000,
    });
  }

  protected async run() {
    return this.retention.nightly();
  }
}
