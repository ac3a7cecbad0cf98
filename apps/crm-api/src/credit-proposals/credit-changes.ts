import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { CreditChange } from '@crm/domain';
import type { IdempotentRequest } from '@crm/api-kit';
import { needsApproval } from '@crm/policy';
import { CLIENT_STREAM, CommandGateway, type WriteResponse } from '../commands/command-gateway';

/** A change held for approval: 202, the client's revision and position, and the proposal to decide. */
export type HeldForApproval = WriteResponse & Readonly<{ proposalId: string; status: 'pending' }>;

/**
 * Where a credit change goes (maker–checker): made at once, or held as a proposal when the policy
 * (credit-change.policy.ts) says the caller's change needs a second person. The routes that change
 * credit call this instead of the gateway, so no route can forget the policy.
 */
@Injectable()
export class CreditChanges {
  constructor(private readonly commands: CommandGateway) {}

  async submit(
    request: IdempotentRequest,
    reply: FastifyReply,
    clientId: string,
    change: CreditChange,
  ): Promise<WriteResponse | HeldForApproval> {
    const principal = request.principal;
    if (!principal) throw new Error('credit changes need an authenticated caller');
    const state = await this.commands.clientState(clientId);
    if (!needsApproval(principal.role, change, state)) {
      return this.commands.execute(request, CLIENT_STREAM, clientId, change.type, change.data);
    }
    const { response, events } = await this.commands.decide(request, CLIENT_STREAM, clientId, 'ProposeCreditChange', {
      change,
    });
    const [proposed] = events;
    // A change that would change nothing is not held: the answer is the unchanged client's.
    if (proposed?.type !== 'CreditChangeProposed') return response;
    void reply.status(202);
    return { ...response, proposalId: proposed.data.proposalId, status: 'pending' };
  }
}
