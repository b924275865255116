import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { LOCALES, type Locale } from '@haven/shared';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/decorators.js';
import { badRequest } from '../common/errors.js';
import { ListQueryDoc } from '../common/list-query.doc.js';
import { UuidParam } from '../common/uuid.pipe.js';
import { audited, AuditedRead } from '../audit/audited-read.js';
import { buildClaimSummary, claimSummaryHtml, claimSummaryMarkdown } from './claim-summary.js';
import {
  CreateCommentDto,
  CreateNoteDto,
  NoteCommentDto,
  NoteCommentListDto,
  NoteDto,
  NoteListDto,
  NoteRevisionListDto,
  UpdateNoteDto,
} from './note.dto.js';
import { NotesService } from './notes.service.js';

@ApiTags('notes')
@ApiBearerAuth()
@Controller()
export class NotesController {
  constructor(private readonly notes: NotesService) {}

  @Get('notes')
  @RequirePermission('notes.read')
  @ApiOperation({
    summary: 'Notes of the cases the caller may see (no bodies in lists; q searches titles).',
  })
  @ListQueryDoc(['id', 'caseId', 'ground', 'strength', 'status', 'authorId'])
  @ApiOkResponse({ type: NoteListDto })
  list(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.notes.list(actor, query);
  }

  @Get('notes/:id')
  @RequirePermission('notes.read')
  @AuditedRead('note', 'read a grounds-of-claim note')
  @ApiOperation({ summary: 'One note with its decrypted body and evidence. An audited read.' })
  @ApiOkResponse({ type: NoteDto })
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.notes.get(actor, id);
  }

  @Post('notes')
  @RequirePermission('notes.write')
  @ApiCreatedResponse({ type: NoteDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreateNoteDto) {
    return this.notes.create(actor, body);
  }

  @Patch('notes/:id')
  @RequirePermission('notes.write')
  @ApiOperation({
    summary:
      'Edit a note; the previous version is kept as a revision. Withdraw with status: withdrawn.',
  })
  @ApiOkResponse({ type: NoteDto })
  @ApiConflictResponse({
    description: 'stale version (nothing is lost: the stored note is unchanged)',
  })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateNoteDto,
  ) {
    return this.notes.update(actor, id, body);
  }

  @Get('notes/:id/revisions')
  @RequirePermission('notes.read')
  @AuditedRead('note', 'read the revisions of a note')
  @ApiOperation({ summary: 'Earlier versions of a note: who, when, the text (newest first).' })
  @ListQueryDoc([])
  @ApiOkResponse({ type: NoteRevisionListDto })
  revisions(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Query() query: Record<string, unknown>,
  ) {
    return this.notes.revisions(actor, id, query);
  }

  @Get('notes/:id/comments')
  @RequirePermission('notes.read')
  @AuditedRead('note', 'read the review comments of a note')
  @ApiOkResponse({ type: NoteCommentListDto })
  comments(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.notes.comments(actor, id);
  }

  @Post('notes/:id/comments')
  @RequirePermission('notes.review')
  @ApiOperation({ summary: 'A supervisor’s review comment; the author sees it on the note.' })
  @ApiCreatedResponse({ type: NoteCommentDto })
  comment(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() body: CreateCommentDto,
  ) {
    return this.notes.comment(actor, id, body);
  }

  @Get('cases/:id/claim-summary')
  @RequirePermission('notes.read')
  @ApiOperation({
    summary:
      'The claim as one document: grounds in the domain’s order with notes, evidence and strength. An audited read.',
  })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'markdown', 'html'] })
  @ApiQuery({
    name: 'lang',
    required: false,
    enum: LOCALES,
    description: 'the language of the labels and the document’s words (default en)',
  })
  @ApiProduces('application/json', 'text/markdown', 'text/html')
  @ApiOkResponse({ description: 'the summary in the requested format' })
  @AuditedRead('claim_summary', 'read the claim summary')
  async claimSummary(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Query('format') format: unknown,
    @Query('lang') lang: unknown,
    @Res({ passthrough: true }) response: FastifyReply,
  ) {
    const chosen = format ?? 'json';
    if (chosen !== 'json' && chosen !== 'markdown' && chosen !== 'html')
      throw badRequest('format: must be json, markdown or html', 'query.one_of', {
        args: { allowed: 'json, markdown, html' },
      });
    const language = lang ?? 'en';
    if (typeof language !== 'string' || !(LOCALES as readonly string[]).includes(language))
      throw badRequest(`lang: must be one of ${LOCALES.join(', ')}`, 'query.one_of', {
        field: 'lang',
        args: { allowed: LOCALES.join(', ') },
      });
    const { visible, record, grounds, documents } = await this.notes.claimNotes(actor, id);
    const summary = buildClaimSummary(id, record, grounds, documents, language as Locale);
    const subject = {
      entityId: id,
      teamId: visible.teamId,
      note: `${record.reference}, ${chosen}`,
      details: {
        format: chosen,
        lang: language,
        notes: grounds.reduce((n, g) => n + g.notes.length, 0),
      },
    };
    void response.header('Cache-Control', 'no-store');
    if (chosen === 'markdown') {
      void response.type('text/markdown; charset=utf-8');
      return audited(subject, claimSummaryMarkdown(summary));
    }
    if (chosen === 'html') {
      void response.type('text/html; charset=utf-8');
      return audited(subject, claimSummaryHtml(summary));
    }
    return audited(subject, summary);
  }
}
