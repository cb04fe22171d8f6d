import { Module } from '@nestjs/common';
import { RecommendationStatusService } from './recommendation-status.service';
import { RecommendationsBulkController } from './recommendations-bulk.controller';
import { RecommendationsBulkService } from './recommendations-bulk.service';
import { RecommendationsController } from './recommendations.controller';
import { RecommendationsService } from './recommendations.service';

@Module({
  controllers: [RecommendationsController, RecommendationsBulkController],
  providers: [RecommendationsService, RecommendationStatusService, RecommendationsBulkService],
  exports: [RecommendationsService, RecommendationStatusService],
})
export class RecommendationsModule {}
