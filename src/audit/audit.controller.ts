import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { Auth } from '../common/decorators/access.decorators';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { PageDto } from '../common/http/pagination';
import { AuditLogService } from './audit-log.service';
import { AuditEventDto, AuditQueryDto, AuditVerificationDto } from './dto/audit.dto';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly log: AuditLogService) {}

  @Get()
  @Auth('director')
  @ApiOperation({ summary: 'The audit log, newest first by default: directors see their offices’ events, admins all' })
  @ApiOkResponse({ type: PageDto(AuditEventDto) })
  list(@CurrentUser() user: AuthUser, @Query() q: AuditQueryDto) {
    return this.log.list(user, q);
  }

  @Get('verify')
  @Auth('admin')
  @ApiOperation({ summary: 'Check every hash link of the audit log; names the first broken event' })
  @ApiOkResponse({ type: AuditVerificationDto })
  verify() {
    return this.log.verify();
  }
}
