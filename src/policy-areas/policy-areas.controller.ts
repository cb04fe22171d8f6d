import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Auth } from '../common/decorators/access.decorators';
import { PolicyAreasService } from './policy-areas.service';

class PolicyAreaDto {
  @ApiProperty({ example: 'border_migration' })
  code: string;

  @ApiProperty({ example: 'Border security and migration' })
  name: string;
}

@ApiTags('policy areas')
@Controller('policy-areas')
export class PolicyAreasController {
  constructor(private readonly areas: PolicyAreasService) {}

  @Get()
  @Auth('viewer')
  @ApiOperation({ summary: 'The policy areas recommendations are filed under (a bare array)' })
  @ApiOkResponse({ type: [PolicyAreaDto] })
  async list(): Promise<PolicyAreaDto[]> {
    return (await this.areas.list()).map(({ code, name }) => ({ code, name }));
  }
}
