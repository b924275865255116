import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module.js';
import { ExportController } from './export.controller.js';
import { ExportService } from './export.service.js';

/** Data protection: the subject-access export (GDPR Art. 15). */
@Module({
  imports: [DocumentsModule],
  controllers: [ExportController],
  providers: [ExportService],
})
export class DataProtectionModule {}
