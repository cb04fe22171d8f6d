import { Module } from '@nestjs/common';
import { OfficesModule } from '../src/offices/offices.module';
import { UsersModule } from '../src/users/users.module';
import { SeedService } from './seed.service';

@Module({ imports: [OfficesModule, UsersModule], providers: [SeedService], exports: [SeedService] })
export class SeedModule {}
