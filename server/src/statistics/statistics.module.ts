import { Module } from '@nestjs/common';
import { ReleasesController } from './releases.controller.js';
import { ReleasesService } from './releases.service.js';
import { StatsRollupService } from './rollup.service.js';
import { StatisticsController } from './statistics.controller.js';
import { StatisticsService } from './statistics.service.js';

@Module({
  controllers: [StatisticsController, ReleasesController],
  providers: [StatisticsService, ReleasesService, StatsRollupService],
})
export class StatisticsModule {}
