import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { TASK_QUEUES } from '@haven/shared';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/decorators.js';
import { ListQueryDoc } from '../common/list-query.doc.js';
import { UuidParam } from '../common/uuid.pipe.js';
import {
  AssignTaskDto,
  CreateTaskDto,
  RequestNoteReviewDto,
  ReturnTaskDto,
  TaskDto,
  TaskListDto,
  UpdateTaskDto,
} from './task.dto.js';
import { TasksService } from './tasks.service.js';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @RequirePermission('tasks.read')
  @ApiOperation({
    summary: 'Tasks the caller may see; queue=mine|team|review narrows to one queue.',
  })
  @ListQueryDoc(
    [
      'id',
      'status',
      'priority',
      'caseId',
      'assigneeId',
      'teamId',
      'system',
      'dueOn_gte',
      'dueOn_lte',
      'noteId',
      'overdue',
    ],
    [{ name: 'queue', required: false, enum: TASK_QUEUES }],
  )
  @ApiOkResponse({ type: TaskListDto })
  list(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.tasks.list(actor, query);
  }

  @Get(':id')
  @RequirePermission('tasks.read')
  @ApiOkResponse({ type: TaskDto })
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.tasks.get(actor, id);
  }

  @Post()
  @RequirePermission('tasks.write')
  @ApiCreatedResponse({ type: TaskDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreateTaskDto) {
    return this.tasks.create(actor, body);
  }

  @Post('note-review')
  @RequirePermission('tasks.write')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Ask for a review of a note: its unfinished review task is submitted again at the note’s current version, or one is made (held by the caller, in review).',
  })
  @ApiOkResponse({ type: TaskDto })
  requestNoteReview(@CurrentActor() actor: Actor, @Body() body: RequestNoteReviewDto) {
    return this.tasks.requestNoteReview(actor, body.noteId);
  }

  @Patch(':id')
  @RequirePermission('tasks.write')
  @ApiOperation({
    summary: 'Edit title, description, priority, due date (status changes go through the actions).',
  })
  @ApiOkResponse({ type: TaskDto })
  @ApiConflictResponse({ description: 'stale version' })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateTaskDto,
  ) {
    return this.tasks.update(actor, id, body);
  }

  @Post(':id/claim')
  @RequirePermission('tasks.write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take an unassigned task of the team’s queue.' })
  @ApiOkResponse({ type: TaskDto })
  @ApiConflictResponse({ description: 'impossible in the task’s state; the message says why' })
  claim(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.tasks.act(actor, id, 'claim');
  }

  @Post(':id/assign')
  @RequirePermission('tasks.review')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskDto })
  assign(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() body: AssignTaskDto,
  ) {
    return this.tasks.act(actor, id, 'assign', body);
  }

  @Post(':id/start')
  @RequirePermission('tasks.write')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskDto })
  start(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.tasks.act(actor, id, 'start');
  }

  @Post(':id/submit-review')
  @RequirePermission('tasks.write')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskDto })
  submitReview(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.tasks.act(actor, id, 'submit-review');
  }

  @Post(':id/approve')
  @RequirePermission('tasks.review')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskDto })
  approve(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.tasks.act(actor, id, 'approve');
  }

  @Post(':id/undo-approve')
  @RequirePermission('tasks.review')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Undo an approval: back to the review queue. The approver only, within HAVEN_UNDO_APPROVE_MINUTES (default 10) of approving; 409 task.undo_expired after.',
  })
  @ApiOkResponse({ type: TaskDto })
  @ApiConflictResponse({ description: 'not approved, or too late to undo' })
  undoApprove(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.tasks.undoApprove(actor, id);
  }

  @Post(':id/return')
  @RequirePermission('tasks.review')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send back to the assignee with a comment.' })
  @ApiOkResponse({ type: TaskDto })
  return(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() body: ReturnTaskDto,
  ) {
    return this.tasks.act(actor, id, 'return', body);
  }

  @Post(':id/complete')
  @RequirePermission('tasks.write')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskDto })
  complete(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.tasks.act(actor, id, 'complete');
  }

  @Post(':id/reopen')
  @RequirePermission('tasks.write')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskDto })
  reopen(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.tasks.act(actor, id, 'reopen');
  }
}
