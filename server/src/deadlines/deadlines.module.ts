import { Module } from '@nestjs/common';
import { DeadlinesController } from './deadlines.controller.js';
import { DeadlinesService } from './deadlines.service.js';
import { RemindersScheduler } from './reminders.scheduler.js';

@Module({
  controllers: [DeadlinesController],
  providers: [DeadlinesService, RemindersScheduler],
  exports: [DeadlinesService],
})
export class DeadlinesModule {}
