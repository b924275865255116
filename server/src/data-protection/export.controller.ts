import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { LOCALES } from '@haven/shared';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/decorators.js';
import { UuidParam } from '../common/uuid.pipe.js';
import { ExportService } from './export.service.js';

@ApiTags('data protection')
@ApiBearerAuth()
@Controller('clients')
export class ExportController {
  constructor(private readonly exports: ExportService) {}

  @Get(':id/export')
  @RequirePermission('clients.export')
  @ApiOperation({
    summary:
      'Subject access (GDPR Art. 15): a ZIP of everything Haven holds on the person — client.json (client, cases, stage history, deadlines, ' +
      'notes with every revision and comment, tasks, document metadata), summary.pdf (readable, in `lang`: en or ru, by default the ' +
      'caller’s interface language; fonts embedded for Latin, Cyrillic and Ge’ez) and documents/ (the files, decrypted). For the supervisor ' +
      'of a team holding one of the client’s cases (their team’s cases) or an admin (every case). Streamed, never cached; recorded as an ' +
      'export before the first byte.',
  })
  @ApiQuery({ name: 'lang', required: false, enum: LOCALES })
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'the archive, as an attachment' })
  async export(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Query('lang') lang: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.exports.send(actor, id, lang, reply);
  }
}
