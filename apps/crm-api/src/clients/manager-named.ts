import { Injectable } from '@nestjs/common';
import type { IdempotentRequest } from '@crm/api-kit';
import { ApiError } from '@crm/platform';
import { CommandGateway } from '../commands/command-gateway';

/**
 * The manager a visit, task or opportunity is for: the one the body names, else the caller (their
 * managerId claim), else the client's own manager; a 400 on the body's field when there is none.
 */
@Injectable()
export class ManagerNamed {
  constructor(private readonly commands: CommandGateway) {}

  async of(request: IdempotentRequest, clientId: string, named: string | undefined, field: string): Promise<string> {
    const managerId =
      named ?? request.principal?.managerId ?? (await this.commands.clientCoverage(clientId))?.managerId ?? null;
    if (managerId === null) {
      throw new ApiError(400, 'REQUEST.INVALID', 'The request is invalid.', [
        { field, message: `${field} is required when the caller has no managerId claim and the client no manager` },
      ]);
    }
    return managerId;
  }
}
