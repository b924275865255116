import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { IntakeController } from './intake.controller.js';
import { IntakeService } from './intake.service.js';

@Module({ imports: [CasesModule], controllers: [IntakeController], providers: [IntakeService] })
export class IntakeModule {}
