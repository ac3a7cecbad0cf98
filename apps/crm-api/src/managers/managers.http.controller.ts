import { Body, Controller, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles, type IdempotentRequest } from '@crm/platform';
import { CommandGateway, type WriteResponse } from '../commands/command-gateway';
import { RegisterManagerRequestDto } from './register-manager.request.dto';

@ApiTags('managers')
@ApiBearerAuth()
@Controller('managers')
export class ManagersController {
  constructor(private readonly commands: CommandGateway) {}

  @Post()
  @Roles('admin', 'branch_head', 'service')
  register(@Req() request: IdempotentRequest, @Body() body: RegisterManagerRequestDto): Promise<WriteResponse> {
    return this.commands.manager(request, body.managerId, 'RegisterManager', { ...body });
  }
}
