import { Body, Controller, HttpCode, Post, UseFilters } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { AuthOnRecord } from '../common/decorators/access.decorators';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { BulkFailedFilter } from './bulk-failed.exception';
import { BulkChangeStatusDto, BulkErrorResponseDto, BulkResultDto, BulkUpdateDto } from './dto/bulk.dto';
import { RecommendationsBulkService } from './recommendations-bulk.service';

const ALL_OR_NOTHING =
  'All items in one transaction, all or nothing, each under the rules of the single route; no If-Match: the current version of each, locked for the change. ' +
  'Another office\'s, unknown or deleted id: an item error 404. If any item fails, nothing is changed and the answer is 422 with every item\'s result ' +
  '(ok: would have succeeded; error: its status code and message). A viewer is answered 403 before any item is looked at.';

@ApiTags('recommendations')
@Controller('recommendations')
@UseFilters(BulkFailedFilter)
export class RecommendationsBulkController {
  constructor(private readonly bulk: RecommendationsBulkService) {}

  @Post('bulk')
  @HttpCode(200)
  @AuthOnRecord('staffer')
  @ApiOperation({
    summary: 'Set owners, priority, tags or target date on up to 100 recommendations at once',
    description: `${ALL_OR_NOTHING} An item whose values are already those sent is "unchanged": not written, no version bump, no audit event.`,
  })
  @ApiOkResponse({ type: BulkResultDto })
  @ApiBadRequestResponse({ description: 'Malformed body: no id, more than 100, no field in set, or an invalid value', type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ description: 'Some item failed; nothing was changed', type: BulkErrorResponseDto })
  update(@CurrentUser() user: AuthUser, @Body() dto: BulkUpdateDto): Promise<BulkResultDto> {
    return this.bulk.update(user, dto);
  }

  @Post('bulk/status')
  @HttpCode(200)
  @AuthOnRecord('staffer')
  @ApiOperation({
    summary: 'Change the status of up to 100 recommendations at once, with one reason',
    description: `${ALL_OR_NOTHING} Each item follows the status lifecycle: closing or reopening needs director or admin (item 403), the current status is refused, partially_implemented and implemented need evidence of that recommendation among evidenceIds (item 422).`,
  })
  @ApiOkResponse({ type: BulkResultDto })
  @ApiBadRequestResponse({ description: 'Malformed body: no id, more than 100, missing or empty reason, invalid status', type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ description: 'Some item failed, or an evidence id belongs to none of the recommendations; nothing was changed', type: BulkErrorResponseDto })
  changeStatus(@CurrentUser() user: AuthUser, @Body() dto: BulkChangeStatusDto): Promise<BulkResultDto> {
    return this.bulk.changeStatus(user, dto);
  }
}
