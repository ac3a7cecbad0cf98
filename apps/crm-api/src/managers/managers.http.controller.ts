import { Body, Controller, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, type IdempotentRequest } from '@crm/api-kit';
import { CommandGateway, MANAGER_STREAM, type WriteResponse } from '../commands/command-gateway';
import { RegisterManagerRequestDto } from './register-manager.request.dto';
import { ApiTourExample, TOUR } from '../openapi/tour-examples';

@ApiTags('managers')
@ApiBearerAuth()
@Controller('managers')
export class ManagersController {
  constructor(private readonly commands: CommandGateway) {}

  /** The manager registry is the administrator's (access policy `manager.admin`). */
  @ApiOperation({
    summary: 'Register a relationship manager (admin)',
    description:
      "Adds a manager to the registry with their branch and level (associate, senior, principal); the id is the caller's (`managerId`). Role: admin only.",
  })
  @Access('manager.admin')
  @Post()
  @ApiTourExample(RegisterManagerRequestDto, TOUR.registerManager)
  register(@Req() request: IdempotentRequest, @Body() body: RegisterManagerRequestDto): Promise<WriteResponse> {
    return this.commands.execute(request, MANAGER_STREAM, body.managerId, 'RegisterManager', { ...body });
  }
}
