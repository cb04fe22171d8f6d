import { Module } from '@nestjs/common';
import { PolicyAreasController } from './policy-areas.controller';
import { PolicyAreasService } from './policy-areas.service';

@Module({ controllers: [PolicyAreasController], providers: [PolicyAreasService], exports: [PolicyAreasService] })
export class PolicyAreasModule {}
