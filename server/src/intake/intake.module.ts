import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { IntakeDraftsModule } from '../intake-drafts/intake-drafts.module.js';
import { IntakeController } from './intake.controller.js';
import { IntakeService } from './intake.service.js';

@Module({
  imports: [CasesModule, IntakeDraftsModule],
  controllers: [IntakeController],
  providers: [IntakeService],
})
export class IntakeModule {}
