import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { ClsModule } from 'nestjs-cls';
import type { DataSourceOptions } from 'typeorm';
import { AuditModule } from './audit/audit.module';
import { REQUEST_ID } from './audit/audit.service';
import { AuthModule } from './auth/auth.module';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter';
import { AccessGuard } from './common/guards/access.guard';
import { requestIdOf } from './common/http/request-id';
import { pinoHttpOptions } from './common/http/logging';
import { validationPipe } from './common/http/validation';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { HealthModule } from './health/health.module';
import { OfficesModule } from './offices/offices.module';
import { UsersModule } from './users/users.module';
import { SeedModule } from '../seeds/seed.module';
import { CommentsModule } from './comments/comments.module';
import { EvidenceModule } from './evidence/evidence.module';
import { PolicyAreasModule } from './policy-areas/policy-areas.module';
import { RecommendationsModule } from './recommendations/recommendations.module';
import { SourcesModule } from './sources/sources.module';
import { FollowUpsModule } from './follow-ups/follow-ups.module';
import { IndicatorsModule } from './indicators/indicators.module';
import { NotificationsModule } from './notifications/notifications.module';
import { SavedViewsModule } from './saved-views/saved-views.module';
import { ReportsModule } from './reports/reports.module';

/** Feature modules, apart from the infrastructure the root wires up. */
export const FEATURE_MODULES = [
  AuditModule,
  NotificationsModule,
  HealthModule,
  AuthModule,
  UsersModule,
  OfficesModule,
  PolicyAreasModule,
  SourcesModule,
  RecommendationsModule,
  EvidenceModule,
  CommentsModule,
  FollowUpsModule,
  IndicatorsModule,
  SavedViewsModule,
  ReportsModule,
  SeedModule,
];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, database: DataSourceOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: pinoHttpOptions(config) }),
        ClsModule.forRoot({
          global: true,
          middleware: {
            mount: true,
            setup: (cls, req) => cls.set(REQUEST_ID, requestIdOf(req)),
          },
        }),
        TypeOrmModule.forRoot({ ...database, migrationsRun: config.MIGRATIONS_RUN }),
        ...FEATURE_MODULES,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useValue: validationPipe() },
      ],
    };
  }
}
