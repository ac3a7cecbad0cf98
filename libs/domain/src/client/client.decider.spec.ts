import { commandFactory, DeciderSpecification, eventFactory, shippedDepartments } from '@crm/testing';
import type { DomainError, DomainErrorKind } from '../common/domain-error';
import type { ClientTier, ContactChannel, ManagerLevel, Segment } from '../common/scales';
import type { ManagerSnapshot } from '../manager/manager.state';
import type { ClientCommand, LogContact } from './client.commands';
import { clientDecider, decideClient, evolveClient } from './client.decider';
import type { ClientEvent } from './client.events';
import { currentManagerId, initialClientState } from './client.state';
import { DEFAULT_COMPLAINT_POLICY } from './complaint-policy';

const NOW = '2026-03-01T10:00:00.000Z';
const metadata = { now: NOW, actor: { userId: 'u-1', role: 'relationship_manager' as const } };

const cmd = commandFactory<ClientCommand>(metadata);
const ev = eventFactory<ClientEvent>();

const spec = DeciderSpecification.for(clientDecider);

const expectRejection = (
  given: readonly ClientEvent[],
  command: ClientCommand,
  code: string,
  kind: DomainErrorKind,
  field?: string,
): DomainError => {
  const error = spec.given(given).when(command).thenThrows(code, { kind, field });
  return error;
};

const manager = (managerId: string, level: ManagerLevel, active = true): ManagerSnapshot => ({
  managerId,
  name: 'Wang Fang',
  branchId: 'br-1',
  level,
  active,
  absentUntil: null,
});

const registration = {
  clientId: 'c-1',
  branchId: 'br-1',
  segment: 'corporate' as Segment,
  industry: 'manufacturing',
  legalName: 'Acme Machinery Co., Ltd.',
  registrationNo: '91310000MA1FL0000X',
  contact: { phone: '+86 21 5555 0101', email: 'cfo@acme.example' },
  source: 'branch_walk_in',
};

const registered = ev('ProspectRegistered', registration);
const converted = ev('ProspectConverted', { convertedAt: '2026-01-10T09:00:00.000Z' });
const prospect = [registered];
const client = [registered, converted];
const assigned = (managerId: string, managerLevel: ManagerLevel) =>
  ev('ManagerAssigned', { managerId, managerLevel, reason: 'coverage' });
const tierChanged = (from: ClientTier | null, to: ClientTier) =>
  ev('ClientTierChanged', { from, to, reason: 'review' });
const contactLogged = (contactId: string, followUpDue?: string) =>
  ev('ContactLogged', {
    contactId,
    managerId: 'm-1',
    channel: 'visit',
    purpose: 'relationship',
    summary: 'Discussed expansion plans',
    occurredAt: '2026-02-20T08:00:00.000Z',
    ...(followUpDue === undefined ? {} : { followUpDue }),
  });

/** One valid command of every type, so rules that apply to all of them are tested on all of them. */
const everyCommandButRegister: Readonly<Record<Exclude<ClientCommand['type'], 'RegisterProspect'>, ClientCommand>> = {
  ConvertProspect: cmd('ConvertProspect', {}),
  UpdateProfile: cmd('UpdateProfile', { changes: { industry: 'logistics' } }),
  AssignManager: cmd('AssignManager', { managerId: 'm-1', manager: manager('m-1', 'senior'), reason: 'coverage' }),
  NoteCoverageLapse: cmd('NoteCoverageLapse', { managerId: 'm-1', departedAt: '2026-02-27T10:00:00.000Z' }),
  ChangeTier: cmd('ChangeTier', { tier: 'key', reason: 'review', currentManager: null }),
  LogContact: cmd('LogContact', {
    contactId: 'k-1',
    managerId: 'm-1',
    manager: manager('m-1', 'senior'),
    channel: 'call',
    purpose: 'consultation',
    summary: 'Call',
    occurredAt: '2026-02-28T10:00:00.000Z',
  }),
  CompleteFollowUp: cmd('CompleteFollowUp', { contactId: 'k-1' }),
  ForwardFeedback: cmd('ForwardFeedback', {
    feedbackId: 'f-1',
    department: 'product',
    text: 'Fees too high',
    departments: shippedDepartments(),
  }),
  ChangeFeedbackStatus: cmd('ChangeFeedbackStatus', {
    feedbackId: 'f-1',
    department: 'product',
    status: 'under_review',
    answer: 'Looking into it',
  }),
  ReportFinancials: cmd('ReportFinancials', {
    period: '2025',
    revenue: '1000',
    netProfit: '10',
    totalAssets: '500',
    totalLiabilities: '200',
    currency: 'CNY',
  }),
  ChangeCreditRating: cmd('ChangeCreditRating', { rating: 'A', reason: 'annual review' }),
  ChangeLoanClassification: cmd('ChangeLoanClassification', { classification: 'normal', reason: 'annual review' }),
  SetCreditLimit: cmd('SetCreditLimit', { facilityId: 'fa-1', limit: '1000000.00', currency: 'CNY' }),
  ReportUtilisation: cmd('ReportUtilisation', { facilityId: 'fa-1', drawn: '10' }),
  ReportPastDue: cmd('ReportPastDue', { facilityId: 'fa-1', daysPastDue: 3, amountOverdue: '10' }),
  ClearPastDue: cmd('ClearPastDue', { facilityId: 'fa-1' }),
  RaiseRiskFlag: cmd('RaiseRiskFlag', { flagId: 'rf-1', type: 'litigation', severity: 'high', note: 'Court filing' }),
  ClearRiskFlag: cmd('ClearRiskFlag', { flagId: 'rf-1', reason: 'settled' }),
  OpenProductHolding: cmd('OpenProductHolding', {
    holdingId: 'h-1',
    productCode: 'DEP-01',
    category: 'deposit',
    amount: '100',
  }),
  CloseProductHolding: cmd('CloseProductHolding', { holdingId: 'h-1', reason: 'matured' }),
  ReportHoldingBalance: cmd('ReportHoldingBalance', {
    holdingId: 'h-1',
    balance: '100',
    currency: 'CNY',
    asOf: '2026-02-27',
  }),
  RecordSatisfaction: cmd('RecordSatisfaction', {
    surveyId: 's-1',
    kind: 'nps',
    score: 9,
    comment: 'Good',
    managerId: 'm-1',
    recovery: { taskId: 't-s-1', dueInDays: 5 },
  }),
  ReceiveComplaint: cmd('ReceiveComplaint', {
    complaintId: 'cp-1',
    category: 'fees',
    text: 'Charged twice',
    policy: DEFAULT_COMPLAINT_POLICY,
  }),
  AcknowledgeComplaint: cmd('AcknowledgeComplaint', { complaintId: 'cp-1' }),
  EscalateComplaint: cmd('EscalateComplaint', { complaintId: 'cp-1', deadline: 'acknowledgement' }),
  ResolveComplaint: cmd('ResolveComplaint', { complaintId: 'cp-1', resolution: 'refunded' }),
  EraseClientPersonalData: cmd('EraseClientPersonalData', { basis: 'PIPL art. 47, ticket DPO-1' }),
  FormClientGroup: cmd('FormClientGroup', { name: 'Group', managerId: 'm-1', manager: manager('m-1', 'senior') }),
  AddGroupMember: cmd('AddGroupMember', { clientId: 'c-other' }),
  RemoveGroupMember: cmd('RemoveGroupMember', { clientId: 'c-other' }),
  JoinClientGroup: cmd('JoinClientGroup', { groupId: 'g-1' }),
  LeaveClientGroup: cmd('LeaveClientGroup', { groupId: 'g-1' }),
  ProposeCreditChange: cmd('ProposeCreditChange', {
    change: { type: 'ChangeCreditRating', data: { rating: 'BB', reason: 'weaker cash flow' } },
  }),
  ApproveCreditChange: cmd('ApproveCreditChange', { proposalId: 'c-1.1' }),
  RejectCreditChange: cmd('RejectCreditChange', { proposalId: 'c-1.1', reason: 'not supported by the figures' }),
  PlanVisit: cmd('PlanVisit', {
    visitId: 'v-1',
    managerId: 'm-1',
    manager: manager('m-1', 'senior'),
    plannedAt: '2026-03-05T09:00:00.000Z',
    purpose: 'relationship',
  }),
  CancelVisit: cmd('CancelVisit', { visitId: 'v-1', reason: 'client travelling' }),
  CreateTask: cmd('CreateTask', {
    taskId: 't-1',
    assigneeId: 'm-1',
    assignee: manager('m-1', 'senior'),
    title: 'Collect the 2025 statements',
    due: '2026-03-10T17:00:00.000Z',
  }),
  CompleteTask: cmd('CompleteTask', { taskId: 't-1' }),
  OpenOpportunity: cmd('OpenOpportunity', {
    opportunityId: 'o-1',
    managerId: 'm-1',
    manager: manager('m-1', 'senior'),
    productCategory: 'wealth',
    expectedAmount: '2000000.00',
    currency: 'CNY',
  }),
  ChangeOpportunityStage: cmd('ChangeOpportunityStage', { opportunityId: 'o-1', stage: 'proposal' }),
  WinOpportunity: cmd('WinOpportunity', { opportunityId: 'o-1' }),
  LoseOpportunity: cmd('LoseOpportunity', { opportunityId: 'o-1', reason: 'went to a competitor' }),
  AssignBackupManager: cmd('AssignBackupManager', {
    managerId: 'm-2',
    manager: manager('m-2', 'senior'),
    reason: 'A/B role',
  }),
  RemoveBackupManager: cmd('RemoveBackupManager', {}),
  AddTeamSpecialist: cmd('AddTeamSpecialist', { managerId: 'm-3', manager: manager('m-3', 'senior'), role: 'fx' }),
  RemoveTeamSpecialist: cmd('RemoveTeamSpecialist', { managerId: 'm-3' }),
};

describe('client decider: existence', () => {
  test.each(Object.entries(everyCommandButRegister))(
    '%s on an unknown client is CLIENT.NOT_FOUND',
    (_type, command) => {
      expectRejection([], command, 'CLIENT.NOT_FOUND', 'not_found');
    },
  );

  const convertedOnly = [
    'ReportFinancials',
    'ChangeCreditRating',
    'ChangeLoanClassification',
    'SetCreditLimit',
    'ReportUtilisation',
    'ReportPastDue',
    'ClearPastDue',
    'OpenProductHolding',
    'CloseProductHolding',
    'ReportHoldingBalance',
    'RecordSatisfaction',
  ] as const;

  test.each(convertedOnly)('%s on a prospect is CLIENT.NOT_CONVERTED', (type) => {
    expectRejection(prospect, everyCommandButRegister[type], 'CLIENT.NOT_CONVERTED', 'rule_violation');
  });
});

describe('RegisterProspect', () => {
  test('registers a prospect with exactly the command data', () => {
    spec
      .given([])
      .when(cmd('RegisterProspect', registration))
      .then([ev('ProspectRegistered', registration)]);
  });

  test('keeps referredBy and a contact with only an email', () => {
    const data = { ...registration, contact: { email: 'cfo@acme.example' }, referredBy: 'c-9' };
    spec
      .given([])
      .when(cmd('RegisterProspect', data))
      .then([ev('ProspectRegistered', data)]);
  });

  test('omits optional fields that are present but undefined', () => {
    const data = { ...registration, contact: { phone: '+86 21 5555 0101', email: undefined }, referredBy: undefined };
    const [event] = decideClient(cmd('RegisterProspect', data), initialClientState);
    expect(event?.data).not.toHaveProperty('referredBy');
    expect((event?.data as { contact: object }).contact).toEqual({ phone: '+86 21 5555 0101' });
    expect(Object.keys((event?.data as { contact: object }).contact)).toEqual(['phone']);
  });

  test('an existing client is CLIENT.ALREADY_EXISTS and the message carries no personal data', () => {
    const error = expectRejection(prospect, cmd('RegisterProspect', registration), 'CLIENT.ALREADY_EXISTS', 'conflict');
    expect(error.message).not.toContain(registration.legalName);
    expect(error.message).not.toContain(registration.registrationNo);
  });

  test('a converted client is CLIENT.ALREADY_EXISTS too', () => {
    expectRejection(client, cmd('RegisterProspect', registration), 'CLIENT.ALREADY_EXISTS', 'conflict');
  });

  test('a segment off the scale is invalid', () => {
    const data = { ...registration, segment: 'retail' as Segment };
    expectRejection([], cmd('RegisterProspect', data), 'CLIENT.INVALID_VALUE', 'invalid', 'segment');
  });

  test.each(['clientId', 'branchId', 'industry', 'legalName', 'registrationNo', 'source'] as const)(
    'a blank %s is invalid',
    (field) => {
      const data = { ...registration, [field]: '   ' };
      const error = expectRejection([], cmd('RegisterProspect', data), 'CLIENT.INVALID_VALUE', 'invalid', field);
      expect(error.message).not.toContain(registration.legalName);
    },
  );

  test('a blank referredBy is invalid', () => {
    const data = { ...registration, referredBy: '' };
    expectRejection([], cmd('RegisterProspect', data), 'CLIENT.INVALID_VALUE', 'invalid', 'referredBy');
  });

  test('a contact without phone or email is invalid', () => {
    const data = { ...registration, contact: {} };
    expectRejection([], cmd('RegisterProspect', data), 'CLIENT.INVALID_VALUE', 'invalid', 'contact');
  });

  test('a blank phone is invalid even with an email', () => {
    const data = { ...registration, contact: { phone: ' ', email: 'cfo@acme.example' } };
    expectRejection([], cmd('RegisterProspect', data), 'CLIENT.INVALID_VALUE', 'invalid', 'contact.phone');
  });
});

describe('ConvertProspect', () => {
  test('converts a prospect at the command time', () => {
    spec
      .given(prospect)
      .when(cmd('ConvertProspect', {}))
      .then([ev('ProspectConverted', { convertedAt: NOW })]);
  });

  test('records the first product', () => {
    spec
      .given(prospect)
      .when(cmd('ConvertProspect', { firstProductCode: 'LOAN-WC' }))
      .then([ev('ProspectConverted', { convertedAt: NOW, firstProductCode: 'LOAN-WC' })]);
  });

  test('a converted client is CLIENT.ALREADY_CONVERTED', () => {
    expectRejection(client, cmd('ConvertProspect', {}), 'CLIENT.ALREADY_CONVERTED', 'conflict');
  });
});

describe('UpdateProfile', () => {
  test('emits only the fields that change', () => {
    spec
      .given(prospect)
      .when(
        cmd('UpdateProfile', {
          changes: { legalName: registration.legalName, industry: 'logistics', contact: { phone: '+86 10 1234' } },
        }),
      )
      .then([ev('ClientProfileUpdated', { changes: { industry: 'logistics', contact: { phone: '+86 10 1234' } } })]);
  });

  test('updates every field of a converted client', () => {
    const changes = {
      legalName: 'Acme Holdings',
      registrationNo: '91310000MA1FL9999X',
      industry: 'logistics',
      contact: { email: 'treasury@acme.example' },
    };
    spec
      .given(client)
      .when(cmd('UpdateProfile', { changes }))
      .then([ev('ClientProfileUpdated', { changes })]);
  });

  test('changes identical to the current profile emit nothing', () => {
    spec
      .given(prospect)
      .when(cmd('UpdateProfile', { changes: { industry: 'manufacturing', contact: { ...registration.contact } } }))
      .then([]);
  });

  test('compares against the profile as already updated', () => {
    spec
      .given([...prospect, ev('ClientProfileUpdated', { changes: { industry: 'logistics' } })])
      .when(cmd('UpdateProfile', { changes: { industry: 'logistics' } }))
      .then([]);
  });

  test('empty changes are rejected', () => {
    expectRejection(prospect, cmd('UpdateProfile', { changes: {} }), 'CLIENT.NO_CHANGE', 'invalid', 'changes');
  });

  test('a blank field is invalid', () => {
    expectRejection(
      prospect,
      cmd('UpdateProfile', { changes: { legalName: '' } }),
      'CLIENT.INVALID_VALUE',
      'invalid',
      'changes.legalName',
    );
  });

  test('a contact without phone or email is invalid', () => {
    expectRejection(
      prospect,
      cmd('UpdateProfile', { changes: { contact: {} } }),
      'CLIENT.INVALID_VALUE',
      'invalid',
      'changes.contact',
    );
  });
});

describe('AssignManager', () => {
  test('assigns a first manager to a prospect', () => {
    spec
      .given(prospect)
      .when(cmd('AssignManager', { managerId: 'm-1', manager: manager('m-1', 'associate'), reason: 'new prospect' }))
      .then([ev('ManagerAssigned', { managerId: 'm-1', managerLevel: 'associate', reason: 'new prospect' })]);
  });

  test('records the previous manager on reassignment', () => {
    spec
      .given([...client, assigned('m-1', 'associate')])
      .when(cmd('AssignManager', { managerId: 'm-2', manager: manager('m-2', 'senior'), reason: 'rotation' }))
      .then([
        ev('ManagerAssigned', {
          managerId: 'm-2',
          managerLevel: 'senior',
          previousManagerId: 'm-1',
          reason: 'rotation',
        }),
      ]);
  });

  test('a core client can move to another senior-or-above manager', () => {
    spec
      .given([...client, assigned('m-1', 'senior'), tierChanged(null, 'core')])
      .when(cmd('AssignManager', { managerId: 'm-2', manager: manager('m-2', 'principal'), reason: 'rotation' }))
      .then([
        ev('ManagerAssigned', {
          managerId: 'm-2',
          managerLevel: 'principal',
          previousManagerId: 'm-1',
          reason: 'rotation',
        }),
      ]);
  });

  test('a handover may give a core client to an associate, naming the handover', () => {
    spec
      .given([...client, assigned('m-1', 'senior'), tierChanged(null, 'core')])
      .when(
        cmd('AssignManager', {
          managerId: 'm-2',
          manager: manager('m-2', 'associate'),
          reason: 'handover',
          handoverId: 'h-1',
        }),
      )
      .then([
        ev('ManagerAssigned', {
          managerId: 'm-2',
          managerLevel: 'associate',
          previousManagerId: 'm-1',
          reason: 'handover',
          handoverId: 'h-1',
        }),
      ]);
  });

  test('the current manager again is a no-op', () => {
    spec
      .given([...client, assigned('m-1', 'senior')])
      .when(cmd('AssignManager', { managerId: 'm-1', manager: manager('m-1', 'senior'), reason: 'again' }))
      .then([]);
  });

  test('an unknown manager is MANAGER.NOT_FOUND', () => {
    expectRejection(
      client,
      cmd('AssignManager', { managerId: 'm-9', manager: null, reason: 'coverage' }),
      'MANAGER.NOT_FOUND',
      'not_found',
    );
  });

  test('a departed manager is MANAGER.INACTIVE and the message has no manager name', () => {
    const error = expectRejection(
      client,
      cmd('AssignManager', { managerId: 'm-1', manager: manager('m-1', 'senior', false), reason: 'coverage' }),
      'MANAGER.INACTIVE',
      'rule_violation',
    );
    expect(error.message).not.toContain('Wang Fang');
  });

  test('a snapshot of another manager is invalid', () => {
    expectRejection(
      client,
      cmd('AssignManager', { managerId: 'm-1', manager: manager('m-2', 'senior'), reason: 'coverage' }),
      'CLIENT.INVALID_VALUE',
      'invalid',
      'managerId',
    );
  });

  test('an associate for a core client is CLIENT.CORE_TIER_NEEDS_SENIOR_MANAGER', () => {
    expectRejection(
      [...client, assigned('m-1', 'senior'), tierChanged(null, 'core')],
      cmd('AssignManager', { managerId: 'm-2', manager: manager('m-2', 'associate'), reason: 'rotation' }),
      'CLIENT.CORE_TIER_NEEDS_SENIOR_MANAGER',
      'rule_violation',
    );
  });

  test('a blank reason is invalid', () => {
    expectRejection(
      client,
      cmd('AssignManager', { managerId: 'm-1', manager: manager('m-1', 'senior'), reason: ' ' }),
      'CLIENT.INVALID_VALUE',
      'invalid',
      'reason',
    );
  });
});

describe('NoteCoverageLapse', () => {
  const DEPARTED = '2026-02-27T10:00:00.000Z';
  const lapse = (managerId = 'm-1', departedAt = DEPARTED) => cmd('NoteCoverageLapse', { managerId, departedAt });
  const lapsed = ev('CoverageLapsed', { managerId: 'm-1', departedAt: DEPARTED });

  test("notes that the client's manager left", () => {
    spec
      .given([...client, assigned('m-1', 'senior')])
      .when(lapse())
      .then([lapsed]);
  });

  test('is noted once: sent again after a failure part-way, it records nothing', () => {
    spec
      .given([...client, assigned('m-1', 'senior'), lapsed])
      .when(lapse())
      .then([]);
  });

  test('records nothing for a client that another manager covers by now, or nobody ever did', () => {
    spec
      .given([...client, assigned('m-1', 'senior'), assigned('m-2', 'senior')])
      .when(lapse())
      .then([]);
    spec.given(client).when(lapse()).then([]);
  });

  test('a new assignment covers the client again, and a later departure is noted anew', () => {
    spec
      .given([...client, assigned('m-1', 'senior'), lapsed, assigned('m-2', 'senior')])
      .when(lapse('m-2', NOW))
      .then([ev('CoverageLapsed', { managerId: 'm-2', departedAt: NOW })]);
  });

  test('a departure time that is not an instant is invalid', () => {
    expectRejection(
      [...client, assigned('m-1', 'senior')],
      lapse('m-1', 'yesterday'),
      'CLIENT.INVALID_VALUE',
      'invalid',
      'departedAt',
    );
  });
});

describe('ChangeTier', () => {
  const covered = [...client, assigned('m-1', 'senior')];

  test('sets a first tier with from null', () => {
    spec
      .given(client)
      .when(cmd('ChangeTier', { tier: 'standard', reason: 'onboarding', currentManager: null }))
      .then([ev('ClientTierChanged', { from: null, to: 'standard', reason: 'onboarding' })]);
  });

  test('moves to core with a senior manager and records the contribution', () => {
    spec
      .given([...covered, tierChanged(null, 'key')])
      .when(
        cmd('ChangeTier', {
          tier: 'core',
          reason: 'top contributor',
          annualContribution: '2500000.00',
          currentManager: manager('m-1', 'senior'),
        }),
      )
      .then([
        ev('ClientTierChanged', {
          from: 'key',
          to: 'core',
          annualContribution: '2500000.00',
          reason: 'top contributor',
        }),
      ]);
  });

  test('moves to core with a principal manager', () => {
    spec
      .given(covered)
      .when(cmd('ChangeTier', { tier: 'core', reason: 'review', currentManager: manager('m-1', 'principal') }))
      .then([ev('ClientTierChanged', { from: null, to: 'core', reason: 'review' })]);
  });

  test('falls back to the level recorded at assignment when no snapshot is given', () => {
    spec
      .given(covered)
      .when(cmd('ChangeTier', { tier: 'core', reason: 'review', currentManager: null }))
      .then([ev('ClientTierChanged', { from: null, to: 'core', reason: 'review' })]);
  });

  test('a prospect can be tiered', () => {
    spec
      .given(prospect)
      .when(cmd('ChangeTier', { tier: 'basic', reason: 'initial', currentManager: null }))
      .then([ev('ClientTierChanged', { from: null, to: 'basic', reason: 'initial' })]);
  });

  test('the same tier is a no-op', () => {
    spec
      .given([...client, tierChanged(null, 'key')])
      .when(cmd('ChangeTier', { tier: 'key', reason: 'again', currentManager: null }))
      .then([]);
  });

  test('core without a manager is CLIENT.MANAGER_REQUIRED', () => {
    expectRejection(
      client,
      cmd('ChangeTier', { tier: 'core', reason: 'review', currentManager: null }),
      'CLIENT.MANAGER_REQUIRED',
      'rule_violation',
    );
  });

  test('core with an associate manager is CLIENT.CORE_TIER_NEEDS_SENIOR_MANAGER', () => {
    expectRejection(
      [...client, assigned('m-1', 'associate')],
      cmd('ChangeTier', { tier: 'core', reason: 'review', currentManager: manager('m-1', 'associate') }),
      'CLIENT.CORE_TIER_NEEDS_SENIOR_MANAGER',
      'rule_violation',
    );
  });

  test('the live snapshot wins over the level recorded at assignment (manager since demoted)', () => {
    expectRejection(
      covered,
      cmd('ChangeTier', { tier: 'core', reason: 'review', currentManager: manager('m-1', 'associate') }),
      'CLIENT.CORE_TIER_NEEDS_SENIOR_MANAGER',
      'rule_violation',
    );
  });

  test('core with a departed manager is MANAGER.INACTIVE', () => {
    expectRejection(
      covered,
      cmd('ChangeTier', { tier: 'core', reason: 'review', currentManager: manager('m-1', 'senior', false) }),
      'MANAGER.INACTIVE',
      'rule_violation',
    );
  });

  test('a tier off the scale is invalid', () => {
    expectRejection(
      client,
      cmd('ChangeTier', { tier: 'gold' as ClientTier, reason: 'review', currentManager: null }),
      'CLIENT.INVALID_VALUE',
      'invalid',
      'tier',
    );
  });

  test('a non-decimal annualContribution is invalid', () => {
    expectRejection(
      client,
      cmd('ChangeTier', { tier: 'key', reason: 'review', annualContribution: '1,000', currentManager: null }),
      'CLIENT.INVALID_VALUE',
      'invalid',
      'annualContribution',
    );
  });

  test('a blank reason is invalid', () => {
    expectRejection(
      client,
      cmd('ChangeTier', { tier: 'key', reason: '', currentManager: null }),
      'CLIENT.INVALID_VALUE',
      'invalid',
      'reason',
    );
  });
});

describe('LogContact', () => {
  const logContact = (overrides: Partial<LogContact['data']> = {}) =>
    cmd('LogContact', {
      contactId: 'k-1',
      managerId: 'm-1',
      manager: manager('m-1', 'associate'),
      channel: 'visit',
      purpose: 'relationship',
      summary: 'Discussed expansion plans',
      occurredAt: '2026-02-20T08:00:00.000Z',
      ...overrides,
    });

  test('logs a contact with a prospect', () => {
    spec
      .given(prospect)
      .when(logContact())
      .then([contactLogged('k-1')]);
  });

  test('logs a contact with a follow-up for a client', () => {
    spec
      .given(client)
      .when(logContact({ followUpDue: '2026-03-05T08:00:00.000Z' }))
      .then([contactLogged('k-1', '2026-03-05T08:00:00.000Z')]);
  });

  test('a contact at exactly now is accepted', () => {
    const [event] = decideClient(logContact({ occurredAt: NOW }), evolveClient(initialClientState, registered));
    expect(event?.type).toBe('ContactLogged');
  });

  test('compares instants, not strings, across offsets', () => {
    // 18:30+08:00 is 10:30Z, after now (10:00Z), although the string sorts before it.
    expectRejection(
      client,
      logContact({ occurredAt: '2026-03-01T18:30:00+08:00' }),
      'CLIENT.INVALID_VALUE',
      'invalid',
      'occurredAt',
    );
  });

  test('an unknown manager is MANAGER.NOT_FOUND', () => {
    expectRejection(client, logContact({ manager: null }), 'MANAGER.NOT_FOUND', 'not_found');
  });

  test('a departed manager is MANAGER.INACTIVE', () => {
    expectRejection(
      client,
      logContact({ manager: manager('m-1', 'senior', false) }),
      'MANAGER.INACTIVE',
      'rule_violation',
    );
  });

  test('a contact id already logged is CONTACT.ALREADY_LOGGED', () => {
    expectRejection([...client, contactLogged('k-1')], logContact(), 'CONTACT.ALREADY_LOGGED', 'conflict');
  });

  test('a contact in the future is invalid', () => {
    expectRejection(
      client,
      logContact({ occurredAt: '2026-03-01T10:00:00.001Z' }),
      'CLIENT.INVALID_VALUE',
      'invalid',
      'occurredAt',
    );
  });

  test('a malformed occurredAt is invalid', () => {
    expectRejection(client, logContact({ occurredAt: 'yesterday' }), 'CLIENT.INVALID_VALUE', 'invalid', 'occurredAt');
  });

  test('a follow-up not after the contact is invalid', () => {
    expectRejection(
      client,
      logContact({ followUpDue: '2026-02-20T08:00:00.000Z' }),
      'CLIENT.INVALID_VALUE',
      'invalid',
      'followUpDue',
    );
  });

  test('a malformed followUpDue is invalid', () => {
    expectRejection(client, logContact({ followUpDue: 'soon' }), 'CLIENT.INVALID_VALUE', 'invalid', 'followUpDue');
  });

  test('a channel off the scale is invalid', () => {
    expectRejection(
      client,
      logContact({ channel: 'fax' as ContactChannel }),
      'CLIENT.INVALID_VALUE',
      'invalid',
      'channel',
    );
  });

  test('a blank summary is invalid and the message does not echo it', () => {
    expectRejection(client, logContact({ summary: '  ' }), 'CLIENT.INVALID_VALUE', 'invalid', 'summary');
  });
});

describe('CompleteFollowUp', () => {
  const withFollowUp = [...client, contactLogged('k-1', '2026-03-05T08:00:00.000Z')];

  test('completes a follow-up at the command time', () => {
    spec
      .given(withFollowUp)
      .when(cmd('CompleteFollowUp', { contactId: 'k-1' }))
      .then([ev('FollowUpCompleted', { contactId: 'k-1', completedAt: NOW })]);
  });

  test('works for a prospect', () => {
    spec
      .given([...prospect, contactLogged('k-1', '2026-03-05T08:00:00.000Z')])
      .when(cmd('CompleteFollowUp', { contactId: 'k-1' }))
      .then([ev('FollowUpCompleted', { contactId: 'k-1', completedAt: NOW })]);
  });

  test('an unknown contact is CONTACT.NOT_FOUND', () => {
    expectRejection(client, cmd('CompleteFollowUp', { contactId: 'k-9' }), 'CONTACT.NOT_FOUND', 'not_found');
  });

  test('a contact without follow-up is CONTACT.FOLLOW_UP_NOT_DUE', () => {
    expectRejection(
      [...client, contactLogged('k-1')],
      cmd('CompleteFollowUp', { contactId: 'k-1' }),
      'CONTACT.FOLLOW_UP_NOT_DUE',
      'rule_violation',
    );
  });

  test('completing twice is CONTACT.FOLLOW_UP_ALREADY_COMPLETED', () => {
    expectRejection(
      [...withFollowUp, ev('FollowUpCompleted', { contactId: 'k-1', completedAt: NOW })],
      cmd('CompleteFollowUp', { contactId: 'k-1' }),
      'CONTACT.FOLLOW_UP_ALREADY_COMPLETED',
      'conflict',
    );
  });
});

describe('client state', () => {
  test('starts empty and exposes the covering manager', () => {
    expect(clientDecider.initialState()).toEqual({ status: 'none' });
    expect(currentManagerId(initialClientState)).toBeNull();
    const state = [...client, assigned('m-1', 'senior'), assigned('m-2', 'principal')].reduce(
      evolveClient,
      initialClientState,
    );
    expect(currentManagerId(state)).toBe('m-2');
    expect(state.status).toBe('client');
  });

  test('evolve does not mutate the previous state', () => {
    const before = evolveClient(initialClientState, registered);
    const after = evolveClient(before, contactLogged('k-1'));
    expect(before.status !== 'none' && before.contacts.logged.size).toBe(0);
    expect(after.status !== 'none' && after.contacts.logged.size).toBe(1);
  });

  test('ids that collide with Object.prototype names are ordinary ids', () => {
    spec
      .given(client)
      .when(cmd('CompleteFollowUp', { contactId: 'constructor' }))
      .thenThrows('CONTACT.NOT_FOUND');
  });

  test('events for an unregistered client leave the state empty', () => {
    expect(evolveClient(initialClientState, converted)).toEqual({ status: 'none' });
  });
});

describe('EraseClientPersonalData', () => {
  const dpo = commandFactory<ClientCommand>({ now: NOW, actor: { userId: 'u-dpo', role: 'dpo' } });
  const erase = dpo('EraseClientPersonalData', { basis: 'PIPL art. 47, ticket DPO-1' });
  const erased = ev('PersonalDataErased', { requestedBy: 'u-dpo', basis: 'PIPL art. 47, ticket DPO-1' });

  test('records who asked and on what basis', () => {
    spec.given(client).when(erase).then([erased]);
  });

  test('a prospect can be erased too', () => {
    spec.given(prospect).when(erase).then([erased]);
  });

  test('erasing again appends nothing', () => {
    spec
      .given([...client, erased])
      .when(erase)
      .then([]);
  });

  test('a blank basis is invalid', () => {
    expectRejection(client, dpo('EraseClientPersonalData', { basis: ' ' }), 'CLIENT.INVALID_VALUE', 'invalid', 'basis');
  });

  test('an unknown client is CLIENT.NOT_FOUND', () => {
    expectRejection([], erase, 'CLIENT.NOT_FOUND', 'not_found');
  });

  describe('after erasure', () => {
    const history = [...client, assigned('m-1', 'senior'), contactLogged('k-1', '2026-03-05T08:00:00.000Z'), erased];

    test('the folded state reads [erased] for every personal profile field and keeps the business facts', () => {
      const state = history.reduce(evolveClient, initialClientState);
      if (state.status === 'none') throw new Error('expected a client');
      expect(state.personalDataErased).toBe(true);
      expect(state.profile).toEqual({
        legalName: '[erased]',
        registrationNo: '[erased]',
        industry: 'manufacturing',
        contact: { phone: '[erased]', email: '[erased]' },
      });
      expect(JSON.stringify(state.profile)).not.toContain('Acme');
      expect(state.status).toBe('client');
      expect(currentManagerId(state)).toBe('m-1');
      expect(state.contacts.withFollowUp.has('k-1')).toBe(true);
    });

    test('contact details keep their keys only', () => {
      const phoneOnly = ev('ProspectRegistered', { ...registration, contact: { phone: '+86 21 5555 0101' } });
      const state = [phoneOnly, erased].reduce(evolveClient, initialClientState);
      expect(state.status !== 'none' && state.profile.contact).toEqual({ phone: '[erased]' });
    });

    const refused: readonly (readonly [string, ClientCommand])[] = [
      ['a new legal name', cmd('UpdateProfile', { changes: { legalName: 'Acme Renamed Ltd.' } })],
      ['a new registration number', cmd('UpdateProfile', { changes: { registrationNo: '91310000NEW' } })],
      ['new contact details', cmd('UpdateProfile', { changes: { contact: { email: 'new@acme.example' } } })],
      [
        'a name together with an industry',
        cmd('UpdateProfile', { changes: { industry: 'logistics', legalName: 'Acme' } }),
      ],
      ['a contact', everyCommandButRegister.LogContact],
      ['feedback', everyCommandButRegister.ForwardFeedback],
      ['a risk flag (its note)', everyCommandButRegister.RaiseRiskFlag],
      ['a survey (its comment)', everyCommandButRegister.RecordSatisfaction],
      ['a complaint', everyCommandButRegister.ReceiveComplaint],
    ];

    test.each(refused)('%s is CLIENT.PERSONAL_DATA_ERASED', (_what, command) => {
      const error = expectRejection(history, command, 'CLIENT.PERSONAL_DATA_ERASED', 'rule_violation');
      expect(error.message).not.toContain('Acme');
    });

    test('invalid input is still reported as invalid first', () => {
      expectRejection(history, cmd('UpdateProfile', { changes: { legalName: '' } }), 'CLIENT.INVALID_VALUE', 'invalid');
    });

    test('business facts keep flowing: ratings, facilities, products, tiers, follow-ups', () => {
      spec
        .given(history)
        .when(cmd('ChangeCreditRating', { rating: 'BB', reason: 'annual review' }))
        .then([ev('CreditRatingChanged', { from: null, to: 'BB', notches: 0, reason: 'annual review' })]);
      spec
        .given(history)
        .when(everyCommandButRegister.SetCreditLimit)
        .then([ev('CreditLimitSet', { facilityId: 'fa-1', limit: '1000000.00', currency: 'CNY' })]);
      spec
        .given(history)
        .when(cmd('CompleteFollowUp', { contactId: 'k-1' }))
        .then([ev('FollowUpCompleted', { contactId: 'k-1', completedAt: NOW })]);
      spec
        .given(history)
        .when(cmd('UpdateProfile', { changes: { industry: 'logistics' } }))
        .then([ev('ClientProfileUpdated', { changes: { industry: 'logistics' } })]);
    });
  });
});
