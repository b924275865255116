import { Module } from '@nestjs/common';
import { IntakeDraftsController } from './intake-drafts.controller.js';
import { IntakeDraftsScheduler } from './intake-drafts.scheduler.js';
import { IntakeDraftsService } from './intake-drafts.service.js';

/** Intake drafts (`/api/intake/draft`); imported by the intake, which drops a draft it completes. */
@Module({
  controllers: [IntakeDraftsController],
  providers: [IntakeDraftsService, IntakeDraftsScheduler],
  exports: [IntakeDraftsService],
})
export class IntakeDraftsModule {}
