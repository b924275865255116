import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module.js';
import { AnonymiseService } from './anonymise.service.js';
import { RetentionController } from './retention.controller.js';
import { RetentionScheduler } from './retention.scheduler.js';
import { RetentionService } from './retention.service.js';

@Module({
  imports: [DocumentsModule],
  controllers: [RetentionController],
  providers: [RetentionService, AnonymiseService, RetentionScheduler],
  exports: [RetentionService, AnonymiseService],
})
export class RetentionModule {}
