import { Module } from '@nestjs/common';
import { FirstAdminService } from './first-admin.service';
import { PasswordService } from './password.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  controllers: [UsersController],
  providers: [UsersService, PasswordService, FirstAdminService],
  exports: [UsersService, PasswordService],
})
export class UsersModule {}
