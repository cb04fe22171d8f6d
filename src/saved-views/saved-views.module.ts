import { Module } from '@nestjs/common';
import { RecommendationsModule } from '../recommendations/recommendations.module';
import { SavedViewsController } from './saved-views.controller';
import { SavedViewsService } from './saved-views.service';

@Module({ imports: [RecommendationsModule], controllers: [SavedViewsController], providers: [SavedViewsService] })
export class SavedViewsModule {}
