import { Module } from '@nestjs/common';
import { EvidenceModule } from '../src/evidence/evidence.module';
import { IndicatorsModule } from '../src/indicators/indicators.module';
import { OfficesModule } from '../src/offices/offices.module';
import { SourcesModule } from '../src/sources/sources.module';
import { UsersModule } from '../src/users/users.module';
import { BriefSeeder } from './brief-seeder';
import { SeedService } from './seed.service';

@Module({ imports: [OfficesModule, UsersModule, SourcesModule, EvidenceModule, IndicatorsModule], providers: [SeedService, BriefSeeder], exports: [SeedService] })
export class SeedModule {}
