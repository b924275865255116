import { Module } from '@nestjs/common';
import { DocumentsController } from './documents.controller.js';
import { DocumentsJanitor } from './documents.janitor.js';
import { DocumentsService } from './documents.service.js';

@Module({
  controllers: [DocumentsController],
  providers: [DocumentsService, DocumentsJanitor],
  exports: [DocumentsService],
})
export class DocumentsModule {}
