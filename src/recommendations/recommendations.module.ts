import { Module } from '@nestjs/common';
import { RecommendationStatusService } from './recommendation-status.service';
import { RecommendationsController } from './recommendations.controller';
import { RecommendationsService } from './recommendations.service';

@Module({
  controllers: [RecommendationsController],
  providers: [RecommendationsService, RecommendationStatusService],
  exports: [RecommendationsService, RecommendationStatusService],
})
export class RecommendationsModule {}
