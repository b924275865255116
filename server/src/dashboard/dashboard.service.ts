import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { adminFigures, caseload, casesByStage, caseworkerFigures, teamFigures } from './dashboard.queries.js';

const AGE_BUCKETS = ['0-30', '31-90', '91-180', '181-365', '365+'];

@Injectable()
export class DashboardService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async get(actor: Actor) {
    const manager = this.dataSource.manager;
    switch (actor.role) {
      case 'caseworker': {
        const [stages, figures] = await Promise.all([casesByStage(manager, { assignedToId: actor.id }), caseworkerFigures(manager, actor.id)]);
        return {
          role: actor.role,
          openCasesByStage: stages.filter((s) => s.stage !== 'closed'),
          deadlines: { overdue: figures.counts.overdue, next14Days: figures.counts.next14, items: figures.deadlines },
          myTasksByStatus: figures.tasks,
          inactiveCases: { count: figures.counts.inactive, days: 30, items: figures.inactive },
        };
      }
      case 'supervisor':
      case 'admin': {
        const scope = { teamId: actor.role === 'admin' ? null : actor.teamId };
        const [stages, load, team] = await Promise.all([
          casesByStage(manager, { teamId: scope.teamId }),
          caseload(manager, scope),
          teamFigures(manager, scope),
        ]);
        const base = {
          role: actor.role,
          teamId: scope.teamId,
          caseload: load,
          casesByStage: stages,
          casesByAge: AGE_BUCKETS.map((bucket) => ({ bucket, count: team.byAge.find((b) => b.bucket === bucket)?.count ?? 0 })),
          deadlinesAtRisk: { next7Days: team.counts.atRisk, overdue: team.counts.overdue, items: team.atRisk },
          reviewQueue: { count: team.counts.review, items: team.review },
          unassignedIntake: { count: team.counts.unassigned, items: team.unassigned },
        };
        if (actor.role === 'supervisor') return base;
        return { ...base, ...(await adminFigures(manager)) };
      }
      case 'analyst':
        // Analysts never see a person or a case: their figures are the anonymised statistics.
        return { role: actor.role, statistics: { aggregate: '/api/stats/aggregate', microdata: '/api/stats/microdata' } };
      default: {
        const exhaustive: never = actor.role;
        return exhaustive;
      }
    }
  }
}
