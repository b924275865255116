import { Body, Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/decorators.js';
import { IntakeDraftDto, IntakeDraftSavedDto, SaveIntakeDraftDto } from './intake-drafts.dto.js';
import { IntakeDraftsService } from './intake-drafts.service.js';

@ApiTags('intake')
@ApiBearerAuth()
@Controller('intake/draft')
export class IntakeDraftsController {
  constructor(private readonly drafts: IntakeDraftsService) {}

  @Get()
  @RequirePermission('intake.create')
  @ApiOperation({
    summary:
      "The caller's own unfinished intake, saved as they went (404 when there is none, or it expired). " +
      'Nobody else can read it, an administrator included. Audited without its content.',
  })
  @ApiOkResponse({ type: IntakeDraftDto })
  get(@CurrentActor() actor: Actor) {
    return this.drafts.get(actor);
  }

  @Put()
  @RequirePermission('intake.create')
  @ApiOperation({
    summary:
      "Saves the caller's intake draft, encrypted; it expires HAVEN_INTAKE_DRAFT_HOURS (default 72) after the last save. " +
      'Without `version` it creates the draft (409 if one exists); with it, a draft saved from another tab since is a 409. ' +
      'A payload over 256 KiB of JSON is a 413. Deleted by the intake that completes it.',
  })
  @ApiOkResponse({ type: IntakeDraftSavedDto })
  save(@CurrentActor() actor: Actor, @Body() body: SaveIntakeDraftDto) {
    return this.drafts.save(actor, body);
  }

  @Delete()
  @HttpCode(204)
  @RequirePermission('intake.create')
  @ApiOperation({ summary: "Discards the caller's intake draft; 204 also when there was none." })
  @ApiNoContentResponse({ description: 'discarded (or there was nothing to discard)' })
  async discard(@CurrentActor() actor: Actor): Promise<void> {
    await this.drafts.discard(actor);
  }
}
