import { commandFactory, DeciderSpecification, eventFactory } from '@crm/testing';
import type { ManagerSnapshot } from '../manager/manager.state';
import type { ClientCommand } from './client.commands';
import { clientDecider } from './client.decider';
import type { ClientEvent } from './client.events';

const NOW = '2026-03-01T10:00:00.000Z';
const metadata = { now: NOW, actor: { userId: 'u-rm', role: 'relationship_manager' as const } };
const cmd = commandFactory<ClientCommand>(metadata);
const ev = eventFactory<ClientEvent>();
const spec = DeciderSpecification.for(clientDecider);

const manager = (active = true, managerId = 'm-1'): ManagerSnapshot => ({
  managerId,
  name: 'Wang Fang',
  branchId: 'br-1',
  level: 'senior',
  active,
  absentUntil: null,
});

const registration = {
  clientId: 'c-1',
  branchId: 'br-1',
  segment: 'sme' as const,
  industry: 'retail',
  legalName: 'Prospect Ltd',
  registrationNo: 'RN-1',
  contact: { phone: '+86 21 5555 0100' },
  source: 'cold call',
};
const registered = ev('ProspectRegistered', registration);

const openedAt = (stage: 'lead' | 'proposal') =>
  ev('OpportunityOpened', {
    opportunityId: 'o-1',
    managerId: 'm-1',
    productCategory: 'wealth',
    productCode: 'WM-07',
    expectedAmount: '2000000.00',
    currency: 'CNY',
    stage,
    openedAt: NOW,
  });
const opened = openedAt('lead');
const open = (data: Partial<Extract<ClientCommand, { type: 'OpenOpportunity' }>['data']> = {}) =>
  cmd('OpenOpportunity', {
    opportunityId: 'o-1',
    managerId: 'm-1',
    manager: manager(),
    productCategory: 'wealth',
    productCode: 'WM-07',
    expectedAmount: '2000000.00',
    currency: 'CNY',
    ...data,
  });

describe('client pipeline', () => {
  it('opens an opportunity on a prospect, at lead unless told', () => {
    spec.given([registered]).when(open()).then([opened]);
    spec
      .given([registered])
      .when(open({ stage: 'proposal' }))
      .then([openedAt('proposal')]);
  });

  it('refuses a zero amount, a bad currency, an unknown or departed manager and a reused id, on the field', () => {
    spec
      .given([registered])
      .when(open({ expectedAmount: '0.00' }))
      .thenThrows('CLIENT.INVALID_VALUE', { kind: 'invalid', field: 'expectedAmount' });
    spec
      .given([registered])
      .when(open({ currency: 'yuan' }))
      .thenThrows('CLIENT.INVALID_VALUE', { field: 'currency' });
    spec
      .given([registered])
      .when(open({ managerId: 'm-9', manager: null }))
      .thenThrows('MANAGER.NOT_FOUND', { kind: 'rule_violation', field: 'managerId' });
    spec
      .given([registered])
      .when(open({ manager: manager(false) }))
      .thenThrows('MANAGER.INACTIVE', { kind: 'rule_violation', field: 'managerId' });
    spec.given([registered, opened]).when(open()).thenThrows('OPPORTUNITY.ALREADY_OPENED', { kind: 'conflict' });
  });

  it('moves between stages, and the same stage records nothing', () => {
    spec
      .given([registered, opened])
      .when(cmd('ChangeOpportunityStage', { opportunityId: 'o-1', stage: 'negotiation' }))
      .then([ev('OpportunityStageChanged', { opportunityId: 'o-1', from: 'lead', to: 'negotiation' })]);
    spec
      .given([registered, opened])
      .when(cmd('ChangeOpportunityStage', { opportunityId: 'o-1', stage: 'lead' }))
      .then([]);
    spec
      .given([registered])
      .when(cmd('ChangeOpportunityStage', { opportunityId: 'o-9', stage: 'lead' }))
      .thenThrows('OPPORTUNITY.NOT_FOUND', { kind: 'not_found' });
  });

  it('is won or lost once, and then nothing moves it', () => {
    const won = ev('OpportunityWon', { opportunityId: 'o-1', wonAt: NOW });
    spec
      .given([registered, opened])
      .when(cmd('WinOpportunity', { opportunityId: 'o-1' }))
      .then([won]);
    spec
      .given([registered, opened])
      .when(cmd('LoseOpportunity', { opportunityId: 'o-1', reason: 'pricing' }))
      .then([ev('OpportunityLost', { opportunityId: 'o-1', lostAt: NOW, reason: 'pricing' })]);
    for (const command of [
      cmd('WinOpportunity', { opportunityId: 'o-1' }),
      cmd('LoseOpportunity', { opportunityId: 'o-1', reason: 'late' }),
      cmd('ChangeOpportunityStage', { opportunityId: 'o-1', stage: 'proposal' }),
    ]) {
      spec.given([registered, opened, won]).when(command).thenThrows('OPPORTUNITY.CLOSED', { kind: 'conflict' });
    }
  });
});

describe('registration by a relationship manager', () => {
  it('covers the prospect with the manager who registers it, in the same write', () => {
    spec
      .given([])
      .when(cmd('RegisterProspect', { ...registration, registeringManager: manager() }))
      .then([
        registered,
        ev('ManagerAssigned', { managerId: 'm-1', managerLevel: 'senior', reason: 'registered the prospect' }),
      ]);
  });

  it('leaves the prospect uncovered when that manager is not active', () => {
    spec
      .given([])
      .when(cmd('RegisterProspect', { ...registration, registeringManager: manager(false) }))
      .then([registered]);
  });
});
