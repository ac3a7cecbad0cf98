import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { planHandover, type HandoverRequest, type ManagerSnapshot } from '@crm/domain';
import type { IdempotentRequest } from '@crm/api-kit';
import { ApiError } from '@crm/platform';
import { isInScope, type ClientScope } from '@crm/policy';
import { ClientListQueries } from '@crm/read-models';
import { CLIENT_STREAM, CommandGateway } from '../commands/command-gateway';
import type { HandoverRequestDto } from './handover.request.dto';

export type HandoverMove = Readonly<{ clientId: string; managerId: string; revision: number; position: string }>;

export type HandoverResult = Readonly<{
  handoverId: string;
  fromManagerId: string;
  moved: readonly HandoverMove[];
  /** Clients planned but no longer covered by the manager when their turn came (moved meanwhile). */
  skipped: readonly string[];
}>;

const invalidBody = (message: string) =>
  new ApiError(400, 'REQUEST.INVALID', 'The request is invalid.', [{ field: 'toManagerId', message }]);

/**
 * A manager's clients moved to colleagues in one request. The whole plan is checked before any
 * client moves (targets exist and are active, each named client is the manager's), then each
 * client gets its own ManagerAssigned naming the handover. The moves are separate appends, not
 * one transaction: a crash part-way leaves some clients moved, and sending the handover again
 * moves the rest (a client already with its new manager gets no event).
 */
@Injectable()
export class ManagerHandover {
  constructor(
    private readonly commands: CommandGateway,
    private readonly lists: ClientListQueries,
  ) {}

  async run(
    request: IdempotentRequest,
    fromManagerId: string,
    body: HandoverRequestDto,
    scope: ClientScope,
  ): Promise<HandoverResult> {
    const handover = this.requestOf(body);
    if ((await this.commands.managerSnapshot(fromManagerId)) === null) {
      throw new ApiError(404, 'MANAGER.NOT_FOUND', 'No such manager.');
    }
    const targets = 'toManagerId' in handover ? [handover.toManagerId] : handover.assignments.map((a) => a.managerId);
    const managers = new Map<string, ManagerSnapshot | null>();
    for (const managerId of new Set(targets)) managers.set(managerId, await this.commands.managerSnapshot(managerId));
    const plan = planHandover(handover, {
      fromManagerId,
      clientsOfFrom: await this.clientsOf(fromManagerId, handover, scope),
      managers,
    });

    const handoverId = randomUUID();
    const reason = body.reason ?? 'handover';
    const moved: HandoverMove[] = [];
    const skipped: string[] = [];
    for (const { clientId, managerId } of plan) {
      // The read model listed the client; its stream says whether it is still this manager's.
      if ((await this.commands.clientCoverage(clientId))?.managerId !== fromManagerId) {
        skipped.push(clientId);
        continue;
      }
      const written = await this.commands.execute(
        request,
        CLIENT_STREAM,
        clientId,
        'AssignManager',
        { managerId, manager: managers.get(managerId) ?? null, reason, handoverId },
        { ifMatch: false },
      );
      moved.push({ clientId, managerId, revision: written.revision, position: written.position });
    }
    return { handoverId, fromManagerId, moved, skipped };
  }

  /**
   * The manager's clients the handover may move. Named clients are checked on their own streams,
   * so a client assigned a moment ago counts before the read model has it; "all clients" can only
   * come from the read model (the store has no index of clients by manager), and each move checks
   * the stream again. Within the caller's scope either way: a branch head moves their branch's.
   */
  private async clientsOf(fromManagerId: string, handover: HandoverRequest, scope: ClientScope): Promise<string[]> {
    if ('toManagerId' in handover) {
      return (await this.lists.portfolio(fromManagerId, new Date(), scope)).clients.map((client) => client.id);
    }
    const covered: string[] = [];
    for (const { clientId } of handover.assignments) {
      const where = await this.commands.clientCoverage(clientId);
      if (where?.managerId === fromManagerId && isInScope(scope, where)) covered.push(clientId);
    }
    return covered;
  }

  private requestOf(body: HandoverRequestDto): HandoverRequest {
    if (body.toManagerId !== undefined && body.assignments !== undefined) {
      throw invalidBody('send either toManagerId or assignments, not both');
    }
    if (body.toManagerId !== undefined) return { toManagerId: body.toManagerId };
    if (body.assignments !== undefined) return { assignments: body.assignments };
    throw invalidBody('send toManagerId (all clients to one manager) or assignments');
  }
}
