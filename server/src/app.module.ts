import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AccessModule } from './access/access.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { SessionCacheModule } from './auth/session-cache.js';
import { JwtAuthGuard, PermissionGuard } from './auth/guards.js';
import { ErrorFilter } from './common/error.filter.js';
import { HAVEN_CONFIG, type HavenConfig } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { HealthModule } from './health/health.module.js';
import { TeamsModule } from './teams/teams.module.js';
import { UsersModule } from './users/users.module.js';
import { ClientsModule } from './clients/clients.module.js';
import { CasesModule } from './cases/cases.module.js';
import { IntakeModule } from './intake/intake.module.js';
import { DeadlinesModule } from './deadlines/deadlines.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { NotesModule } from './notes/notes.module.js';
import { DocumentsModule } from './documents/documents.module.js';
import { TasksModule } from './tasks/tasks.module.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { StatisticsModule } from './statistics/statistics.module.js';
import { DuplicatesModule } from './duplicates/duplicates.module.js';
import { EncryptionModule } from './encryption/encryption.module.js';
import { RetentionModule } from './retention/retention.module.js';
import { ConsentModule } from './consent/consent.module.js';
import { DataRequestsModule } from './data-requests/data-requests.module.js';
import { DataProtectionModule } from './data-protection/data-protection.module.js';

@Module({})
export class AppModule {
  /** The app over an already-initialised, migrated DataSource (its pool, and the generic-plan pool of database/prepared.ts). */
  static forRoot(config: HavenConfig, dataSource: DataSource): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSource.options,
          dataSourceFactory: () => Promise.resolve(dataSource),
        }),
        EncryptionModule,
        SessionCacheModule,
        AccessModule,
        AuditModule,
        AuthModule,
        UsersModule,
        TeamsModule,
        HealthModule,
        ClientsModule,
        DuplicatesModule,
        CasesModule,
        IntakeModule,
        DeadlinesModule,
        CalendarModule,
        NotesModule,
        DocumentsModule,
        TasksModule,
        DashboardModule,
        StatisticsModule,
        ConsentModule,
        DataRequestsModule,
        RetentionModule,
        DataProtectionModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: PermissionGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}

export { HAVEN_CONFIG };
