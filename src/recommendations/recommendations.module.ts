import { Module } from '@nestjs/common';
import { CsvBodyParser } from './csv/csv-body';
import { RecommendationsCsvExportService } from './csv/recommendations-csv-export.service';
import { RecommendationsCsvImportService } from './csv/recommendations-csv-import.service';
import { RecommendationsCsvController } from './csv/recommendations-csv.controller';
import { RecommendationStatusService } from './recommendation-status.service';
import { RecommendationsBulkController } from './recommendations-bulk.controller';
import { RecommendationsBulkService } from './recommendations-bulk.service';
import { RecommendationsController } from './recommendations.controller';
import { RecommendationsService } from './recommendations.service';

@Module({
  controllers: [RecommendationsCsvController, RecommendationsController, RecommendationsBulkController],
  providers: [
    RecommendationsService,
    RecommendationStatusService,
    RecommendationsBulkService,
    RecommendationsCsvExportService,
    RecommendationsCsvImportService,
    CsvBodyParser,
  ],
  exports: [RecommendationsService, RecommendationStatusService],
})
export class RecommendationsModule {}
