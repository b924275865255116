import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { DOCUMENT_KINDS } from '@haven/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/decorators.js';
import { ListQueryDoc } from '../common/list-query.doc.js';
import { UuidParam } from '../common/uuid.pipe.js';
import { AuditedRead } from '../audit/audited-read.js';
import {
  DocumentDto,
  DocumentListDto,
  UpdateDocumentDto,
  WithdrawDocumentDto,
} from './document.dto.js';
import { DocumentsService } from './documents.service.js';

@ApiTags('documents')
@ApiBearerAuth()
@Controller()
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post('cases/:id/documents')
  @RequirePermission('documents.write')
  @ApiOperation({
    summary:
      'Upload a document to a case: the type is judged by content (415 outside the allow-list), 413 over HAVEN_MAX_UPLOAD_MB; photos are stored without metadata; content is encrypted at rest.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'kind', 'title'],
      properties: {
        kind: { type: 'string', enum: [...DOCUMENT_KINDS] },
        title: { type: 'string', maxLength: 200 },
        language: { type: 'string', example: 'ru' },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  @ApiCreatedResponse({ type: DocumentDto })
  upload(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) caseId: string,
    @Req() req: FastifyRequest,
  ) {
    // The body is left unread by Fastify (no parser for multipart): the service streams the raw one.
    return this.documents.upload(actor, caseId, req.raw);
  }

  @Get('documents')
  @RequirePermission('documents.read')
  @ApiOperation({ summary: 'Documents of the cases the caller may see (metadata only).' })
  @ListQueryDoc(['id', 'caseId', 'kind', 'status', 'mime', 'uploadedById'])
  @ApiOkResponse({ type: DocumentListDto })
  list(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.documents.list(actor, query);
  }

  @Get('documents/:id')
  @RequirePermission('documents.read')
  @AuditedRead('document', 'read a document’s details')
  @ApiOkResponse({ type: DocumentDto })
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.documents.get(actor, id);
  }

  @Get('documents/:id/content')
  @RequirePermission('documents.read')
  @ApiOperation({
    summary:
      'The document’s bytes, as an attachment, never cached; a single `Range: bytes=` is honoured (206). Every read is an audit event.',
  })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'the content, with its type' })
  async content(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Headers('range') range: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.documents.sendContent(actor, id, range, reply);
  }

  @Patch('documents/:id')
  @RequirePermission('documents.write')
  @ApiOperation({ summary: 'Edit title, kind or language (with the version last read).' })
  @ApiOkResponse({ type: DocumentDto })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateDocumentDto,
  ) {
    return this.documents.update(actor, id, body);
  }

  @Post('documents/:id/withdraw')
  @HttpCode(200)
  @RequirePermission('documents.write')
  @ApiOperation({
    summary: 'Withdraw a document with a reason: it stays, marked, until retention erases it.',
  })
  @ApiOkResponse({ type: DocumentDto })
  withdraw(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() body: WithdrawDocumentDto,
  ) {
    return this.documents.withdraw(actor, id, body.reason);
  }
}
