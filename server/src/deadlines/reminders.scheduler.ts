import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { logger } from '../common/logger.js';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { FIELD_ENCRYPTION, type FieldEncryption } from '../encryption/field-encryption.js';
import { runRuleJobs } from './recheck.js';
import { runReminders } from './reminders.js';

/** Runs the rule jobs (recheck, fixed dates) and the reminder job every `HAVEN_JOB_INTERVAL_SECONDS` on each instance; the job itself makes sure it acts once. */
@Injectable()
export class RemindersScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HAVEN_CONFIG) private readonly config: HavenConfig,
    @Inject(FIELD_ENCRYPTION) private readonly crypto: FieldEncryption,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.jobIntervalSeconds <= 0) return;
    const tick = () => {
      if (this.running) return;
      // The rule jobs first: a fixed-date deadline they add gets its reminder in the same tick.
      this.running = runRuleJobs(this.dataSource, this.crypto)
        .then((jobs) => {
          if (jobs.rechecks || jobs.fixedDates || jobs.rederived)
            logger().info(
              { rechecks: jobs.rechecks, fixedDates: jobs.fixedDates, rederived: jobs.rederived },
              'deadline rule jobs',
            );
          return runReminders(this.dataSource, this.crypto);
        })
        .then(
          (result) =>
            result.created &&
            logger().info({ created: result.created }, 'deadline reminders created'),
        )
        .catch((error: unknown) =>
          logger().error(
            { err: error instanceof Error ? error.message : String(error) },
            'reminder job failed',
          ),
        )
        .finally(() => (this.running = null));
    };
    setTimeout(tick, 5_000).unref();
    this.timer = setInterval(tick, this.config.jobIntervalSeconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
