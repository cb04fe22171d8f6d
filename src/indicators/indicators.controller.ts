import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { Auth } from '../common/decorators/access.decorators';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { PageDto } from '../common/http/pagination';
import { UuidParam } from '../common/http/uuid-param';
import { CreateIndicatorDto, IndicatorDetailDto, IndicatorDto, IndicatorListQueryDto, ObservationDto, UpdateIndicatorDto } from './dto/indicator.dto';
import { CreateObservationDto } from './dto/observation.dto';
import { IndicatorsService } from './indicators.service';

const LINKS_REFUSED = { description: 'A recommendation id does not exist, is deleted or is not visible to you', type: ErrorResponseDto };

/** Indicators are shared by every office, so the guard's role check is the whole of the access rule. */
@ApiTags('indicators')
@Controller('indicators')
export class IndicatorsController {
  constructor(private readonly indicators: IndicatorsService) {}

  @Get()
  @Auth('viewer')
  @ApiOperation({ summary: 'List indicators with their latest and previous values and trend (shared by all offices)' })
  @ApiOkResponse({ type: PageDto(IndicatorDto) })
  list(@CurrentUser() user: AuthUser, @Query() q: IndicatorListQueryDto) {
    return this.indicators.list(user, q);
  }

  @Post()
  @HttpCode(201)
  @Auth('director')
  @ApiOperation({ summary: 'Define an indicator' })
  @ApiCreatedResponse({ type: IndicatorDto })
  @ApiConflictResponse({ description: 'The name is taken (regardless of case)', type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse(LINKS_REFUSED)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateIndicatorDto) {
    return this.indicators.create(user, dto);
  }

  @Get(':id')
  @Auth('viewer')
  @ApiOperation({ summary: 'One indicator with every observation, oldest first' })
  @ApiOkResponse({ type: IndicatorDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.indicators.get(user, id);
  }

  @Patch(':id')
  @Auth('director')
  @ApiOperation({ summary: 'Edit an indicator; recommendationIds replaces the links you can see' })
  @ApiOkResponse({ type: IndicatorDto })
  @ApiBadRequestResponse({ description: 'No field sent, or an invalid one', type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'The name is taken (regardless of case)', type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse(LINKS_REFUSED)
  update(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: UpdateIndicatorDto) {
    return this.indicators.update(user, id, dto);
  }

  @Post(':id/observations')
  @HttpCode(201)
  @Auth('staffer')
  @ApiOperation({ summary: 'Record an observation (one per date)' })
  @ApiCreatedResponse({ type: ObservationDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'The indicator already has an observation on that date', type: ErrorResponseDto })
  addObservation(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: CreateObservationDto) {
    return this.indicators.addObservation(user, id, dto);
  }
}
