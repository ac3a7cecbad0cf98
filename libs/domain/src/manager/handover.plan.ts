import { invalid, ruleViolation } from '../common/domain-error';
import type { ManagerSnapshot } from './manager.state';

/** All the manager's clients to one colleague, or each named client to the manager named beside it. */
export type HandoverRequest =
  | Readonly<{ toManagerId: string }>
  | Readonly<{ assignments: readonly Readonly<{ clientId: string; managerId: string }>[] }>;

export type HandoverAssignment = Readonly<{ clientId: string; managerId: string }>;

/**
 * What a handover knows before it moves anyone: the departing manager's clients (as the read model
 * lists them; each move checks the client's own stream again) and every target manager as its
 * stream has it (null when there is no such manager).
 */
export type HandoverFacts = Readonly<{
  fromManagerId: string;
  clientsOfFrom: readonly string[];
  managers: ReadonlyMap<string, ManagerSnapshot | null>;
}>;

const MANAGER_INVALID = 'MANAGER.INVALID_VALUE';

const requireTarget = (managerId: string, from: string, facts: HandoverFacts, field: string): void => {
  if (managerId === from) throw invalid(MANAGER_INVALID, 'a handover must go to another manager', field);
  const target = facts.managers.get(managerId) ?? null;
  if (target === null) throw ruleViolation('MANAGER.NOT_FOUND', `manager ${managerId} does not exist`, field);
  if (!target.active) throw ruleViolation('MANAGER.INACTIVE', `manager ${managerId} is no longer active`, field);
};

/**
 * The moves of a handover, or the first reason it cannot run, naming the field: checked as a
 * whole before any client moves, so a bad line stores nothing. Pure: the handler gathers the facts.
 */
export const planHandover = (request: HandoverRequest, facts: HandoverFacts): HandoverAssignment[] => {
  const from = facts.fromManagerId;
  if ('toManagerId' in request) {
    requireTarget(request.toManagerId, from, facts, 'toManagerId');
    return facts.clientsOfFrom.map((clientId) => ({ clientId, managerId: request.toManagerId }));
  }
  if (request.assignments.length === 0) {
    throw invalid(MANAGER_INVALID, 'assignments must name at least one client', 'assignments');
  }
  const covered = new Set(facts.clientsOfFrom);
  const seen = new Set<string>();
  request.assignments.forEach(({ clientId, managerId }, index) => {
    const field = `assignments.${index}`;
    if (seen.has(clientId)) throw invalid(MANAGER_INVALID, 'a client may be handed over once', `${field}.clientId`);
    seen.add(clientId);
    if (!covered.has(clientId)) {
      throw ruleViolation(
        'HANDOVER.CLIENT_NOT_COVERED',
        `client is not covered by manager ${from}`,
        `${field}.clientId`,
      );
    }
    requireTarget(managerId, from, facts, `${field}.managerId`);
  });
  return request.assignments.map(({ clientId, managerId }) => ({ clientId, managerId }));
};
