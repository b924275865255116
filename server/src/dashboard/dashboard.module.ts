import { Module } from '@nestjs/common';
import { CaseloadController, DashboardController } from './dashboard.controller.js';
import { DashboardService } from './dashboard.service.js';

@Module({ controllers: [DashboardController, CaseloadController], providers: [DashboardService] })
export class DashboardModule {}
