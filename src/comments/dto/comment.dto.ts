import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { MultiLine, trim } from '../../common/http/text';
import { UserRefDto } from '../../recommendations/dto/recommendation.dto';

export class CreateCommentDto {
  @ApiProperty({ example: 'Asked USTR staff for the date of the next Rapid Response request.', minLength: 1, maxLength: 10000 })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'body must not be empty' })
  @MaxLength(10000)
  @MultiLine()
  body: string;
}

export class CommentListQueryDto extends PageQueryDto {}

export class CommentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) recommendationId: string;
  @ApiProperty() body: string;
  @ApiProperty({ type: UserRefDto, nullable: true }) createdBy: UserRefDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
