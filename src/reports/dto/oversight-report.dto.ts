import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { UserRefDto } from '../../recommendations/dto/recommendation.dto';
import { PRIORITIES, STATUSES } from '../../recommendations/recommendation-status';
import { TRENDS } from '../../indicators/indicator-trend';

export class StatusCountsDto {
  @ApiProperty() open: number;
  @ApiProperty() in_progress: number;
  @ApiProperty() partially_implemented: number;
  @ApiProperty() implemented: number;
  @ApiProperty() not_implemented: number;
  @ApiProperty() withdrawn: number;
}

export class ReportOfficeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'America/New_York' }) timeZone: string;
}

export class ReportSummaryDto {
  @ApiProperty({ description: 'Recommendations in the report' }) total: number;
  @ApiProperty({ type: StatusCountsDto }) byStatus: StatusCountsDto;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(StatusCountsDto) }, description: 'Policy area code → counts by status' })
  byPolicyArea: Record<string, StatusCountsDto>;
  @ApiProperty({ minimum: 0, maximum: 1, description: 'implemented / (total − withdrawn), 4 decimals; 0 when nothing counts' })
  implementedShare: number;
  @ApiProperty() openFollowUps: number;
  @ApiProperty() overdueFollowUps: number;
  @ApiProperty({ description: 'No creation, status change or evidence in the 90 days before asOf' }) stale: number;
}

export class ReportChangeDto {
  @ApiProperty({ enum: ['status_change', 'evidence', 'follow_up_completed'] }) type: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ format: 'uuid' }) recommendationId: string;
  @ApiProperty() reference: string;
  @ApiPropertyOptional({ type: String, enum: STATUSES, nullable: true, description: 'status_change only' }) from?: string | null;
  @ApiPropertyOptional({ enum: STATUSES, description: 'status_change only' }) to?: string;
  @ApiPropertyOptional({ description: 'status_change only' }) reason?: string;
  @ApiPropertyOptional({ description: "evidence and follow_up_completed: the item's title" }) title?: string;
  @ApiPropertyOptional({ description: 'evidence only' }) kind?: string;
  @ApiPropertyOptional({ format: 'date', description: 'evidence only' }) occurredOn?: string;
  @ApiPropertyOptional({ type: UserRefDto, description: 'follow_up_completed only' }) assignee?: UserRefDto;
}

export class LastStatusChangeDto {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: String, enum: STATUSES, nullable: true }) from: string | null;
  @ApiProperty({ enum: STATUSES }) to: string;
  @ApiProperty() reason: string;
}

export class LatestEvidenceDto {
  @ApiProperty() title: string;
  @ApiProperty() kind: string;
  @ApiProperty({ format: 'date' }) occurredOn: string;
}

export class ReportFollowUpDto {
  @ApiProperty() title: string;
  @ApiProperty({ type: UserRefDto }) assignee: UserRefDto;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty({ description: 'Due before asOf' }) overdue: boolean;
}

export class ChildrenRollUpDto {
  @ApiProperty() total: number;
  @ApiProperty({ type: StatusCountsDto }) byStatus: StatusCountsDto;
}

export class ReportRecommendationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) officeId: string;
  @ApiProperty() reference: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: STATUSES, description: 'As of asOf, from the status history' }) status: string;
  @ApiProperty({ type: [UserRefDto], description: 'Current owners (owner history is not kept)' }) owners: UserRefDto[];
  @ApiProperty({ type: [String] }) addressees: string[];
  @ApiProperty() policyArea: string;
  @ApiProperty({ enum: PRIORITIES }) priority: string;
  @ApiProperty({ type: LastStatusChangeDto, nullable: true }) lastStatusChange: LastStatusChangeDto | null;
  @ApiProperty({ type: LatestEvidenceDto, nullable: true }) latestEvidence: LatestEvidenceDto | null;
  @ApiProperty({ type: [ReportFollowUpDto] }) openFollowUps: ReportFollowUpDto[];
  @ApiProperty({ description: 'Any open follow-up due before asOf' }) overdue: boolean;
  @ApiProperty({ description: 'Days from the last status change (or creation) to asOf' }) daysInStatus: number;
  @ApiProperty() stale: boolean;
  @ApiProperty({ type: String, nullable: true }) parentReference: string | null;
  @ApiPropertyOptional({ type: ChildrenRollUpDto, description: 'Only on rows with sub-recommendations in the report' }) children?: ChildrenRollUpDto;
}

export class ReportObservationDto {
  @ApiProperty({ format: 'date' }) observedOn: string;
  @ApiProperty() value: number;
}

export class ReportIndicatorDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() unit: string;
  @ApiProperty({ enum: ['higher', 'lower'] }) betterWhen: string;
  @ApiProperty({ type: ReportObservationDto, nullable: true }) latest: ReportObservationDto | null;
  @ApiProperty({ type: ReportObservationDto, nullable: true }) previous: ReportObservationDto | null;
  @ApiProperty({ type: String, enum: TRENDS, nullable: true }) trend: string | null;
  @ApiProperty({ type: [String], description: "The report's recommendations it is linked to" }) references: string[];
}

export class OversightReportDto {
  @ApiProperty({ type: ReportOfficeDto, nullable: true, description: 'Null for the all-offices report' }) office: ReportOfficeDto | null;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty({ format: 'date' }) since: string;
  @ApiProperty({ type: ReportSummaryDto }) summary: ReportSummaryDto;
  @ApiProperty({ type: [ReportChangeDto] }) changes: ReportChangeDto[];
  @ApiProperty({ type: [ReportRecommendationDto] }) recommendations: ReportRecommendationDto[];
  @ApiProperty({ type: [ReportIndicatorDto] }) indicators: ReportIndicatorDto[];
}
