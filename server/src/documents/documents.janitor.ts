import { Inject, Injectable } from '@nestjs/common';
import { PeriodicJob } from '../common/periodic-job.js';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { DocumentsService } from './documents.service.js';

/**
 * Deletes the chunks of abandoned uploads every `HAVEN_JOB_INTERVAL_SECONDS`. Several instances may
 * run it at once: deleting a blob twice is harmless.
 */
@Injectable()
export class DocumentsJanitor extends PeriodicJob {
  constructor(
    private readonly documents: DocumentsService,
    @Inject(HAVEN_CONFIG) config: HavenConfig,
  ) {
    super({ name: 'abandoned uploads removal', intervalSeconds: config.jobIntervalSeconds });
  }

  protected async run() {
    const removed = await this.documents.cleanOrphans();
    return removed ? { removed } : null;
  }
}
