import { commandFactory, DeciderSpecification, eventFactory } from '@crm/testing';
import type { ClientCommand } from './client.commands';
import type { CreditChange } from './credit-change';
import { clientDecider } from './client.decider';
import type { ClientEvent } from './client.events';

/** Maker–checker on credit changes: a proposal changes nothing, its approval appends the change. */
const NOW = '2026-03-02T09:00:00.000Z';
const byManager = commandFactory<ClientCommand>({ now: NOW, actor: { userId: 'u-rm', role: 'relationship_manager' } });
const byOfficer = commandFactory<ClientCommand>({ now: NOW, actor: { userId: 'u-ro', role: 'risk_officer' } });
/** The same person as the proposer, whatever role they act in. */
const byProposerAgain = commandFactory<ClientCommand>({ now: NOW, actor: { userId: 'u-rm', role: 'risk_officer' } });
const ev = eventFactory<ClientEvent>();
const spec = DeciderSpecification.for(clientDecider);

const client = [
  ev('ProspectRegistered', {
    clientId: 'c-1',
    branchId: 'br-1',
    segment: 'sme',
    industry: 'retail',
    legalName: 'Example Trading Co.',
    registrationNo: '91440300MA5ABCDE1X',
    contact: { phone: '+86 755 0000 0000' },
    source: 'referral',
  }),
  ev('ProspectConverted', { convertedAt: '2026-01-10T09:00:00.000Z' }),
  ev('CreditRatingChanged', { from: null, to: 'BBB', notches: 0, reason: 'onboarding' }),
  ev('CreditLimitSet', { facilityId: 'fa-1', limit: '1000000', currency: 'CNY' }),
];

const downgrade: CreditChange = { type: 'ChangeCreditRating', data: { rating: 'BB', reason: 'weaker cash flow' } };
const proposed = (proposalId: string, change: CreditChange = downgrade) =>
  ev('CreditChangeProposed', { proposalId, change, proposedBy: 'u-rm', proposedAt: NOW });

describe('ProposeCreditChange', () => {
  it('records the change for approval, numbered per client, and changes nothing else', () => {
    spec
      .given(client)
      .when(byManager('ProposeCreditChange', { change: downgrade }))
      .then([proposed('c-1.1')]);
    spec
      .given([...client, proposed('c-1.1')])
      .when(byManager('ProposeCreditChange', { change: downgrade }))
      .then([proposed('c-1.2')]);
  });

  it('refuses now a change that could not be made (an unknown facility), and proposes nothing that changes nothing', () => {
    spec
      .given(client)
      .when(byManager('ProposeCreditChange', { change: { type: 'ClearPastDue', data: { facilityId: 'fa-9' } } }))
      .thenThrows('FACILITY.NOT_FOUND', { kind: 'not_found' });
    spec
      .given(client)
      .when(
        byManager('ProposeCreditChange', {
          change: { type: 'ChangeCreditRating', data: { rating: 'BBB', reason: 'unchanged' } },
        }),
      )
      .then([]);
  });

  it('refuses a change that is not a credit change', () => {
    spec
      .given(client)
      .when(
        byManager('ProposeCreditChange', {
          change: { type: 'ReportUtilisation', data: {} } as unknown as CreditChange,
        }),
      )
      .thenThrows('CREDIT_PROPOSAL.INVALID_VALUE', { kind: 'invalid', field: 'change.type' });
  });
});

describe('ApproveCreditChange', () => {
  it('appends the approval and the change together', () => {
    spec
      .given([...client, proposed('c-1.1')])
      .when(byOfficer('ApproveCreditChange', { proposalId: 'c-1.1' }))
      .then([
        ev('CreditChangeApproved', { proposalId: 'c-1.1', approvedBy: 'u-ro', approvedAt: NOW }),
        ev('CreditRatingChanged', { from: 'BBB', to: 'BB', notches: 1, reason: 'weaker cash flow' }),
      ]);
  });

  it('decides the change against the client as it is at approval', () => {
    const raise: CreditChange = {
      type: 'SetCreditLimit',
      data: { facilityId: 'fa-1', limit: '2000000', currency: 'CNY' },
    };
    spec
      .given([
        ...client,
        proposed('c-1.1', raise),
        ev('CreditLimitSet', { facilityId: 'fa-1', limit: '2000000', currency: 'CNY' }),
      ])
      .when(byOfficer('ApproveCreditChange', { proposalId: 'c-1.1' }))
      .then([ev('CreditChangeApproved', { proposalId: 'c-1.1', approvedBy: 'u-ro', approvedAt: NOW })]);
  });

  it('never lets the proposer approve, whatever role they hold', () => {
    spec
      .given([...client, proposed('c-1.1')])
      .when(byProposerAgain('ApproveCreditChange', { proposalId: 'c-1.1' }))
      .thenThrows('CREDIT_PROPOSAL.FOUR_EYES_REQUIRED', { kind: 'forbidden' });
  });

  it('decides a proposal once: unknown, approved or rejected proposals are refused', () => {
    const approved = ev('CreditChangeApproved', { proposalId: 'c-1.1', approvedBy: 'u-ro', approvedAt: NOW });
    const rejected = ev('CreditChangeRejected', {
      proposalId: 'c-1.1',
      rejectedBy: 'u-ro',
      rejectedAt: NOW,
      reason: 'no',
    });
    spec
      .given(client)
      .when(byOfficer('ApproveCreditChange', { proposalId: 'c-1.1' }))
      .thenThrows('CREDIT_PROPOSAL.NOT_FOUND', { kind: 'not_found' });
    spec
      .given([...client, proposed('c-1.1'), approved])
      .when(byOfficer('ApproveCreditChange', { proposalId: 'c-1.1' }))
      .thenThrows('CREDIT_PROPOSAL.DECIDED', { kind: 'conflict' });
    spec
      .given([...client, proposed('c-1.1'), rejected])
      .when(byOfficer('RejectCreditChange', { proposalId: 'c-1.1', reason: 'again' }))
      .thenThrows('CREDIT_PROPOSAL.DECIDED', { kind: 'conflict' });
  });
});

describe('RejectCreditChange', () => {
  it('records the rejection with its reason, and nothing of the change', () => {
    spec
      .given([...client, proposed('c-1.1')])
      .when(byOfficer('RejectCreditChange', { proposalId: 'c-1.1', reason: 'the figures do not support it' }))
      .then([
        ev('CreditChangeRejected', {
          proposalId: 'c-1.1',
          rejectedBy: 'u-ro',
          rejectedAt: NOW,
          reason: 'the figures do not support it',
        }),
      ]);
  });

  it('asks for a reason', () => {
    spec
      .given([...client, proposed('c-1.1')])
      .when(byOfficer('RejectCreditChange', { proposalId: 'c-1.1', reason: ' ' }))
      .thenThrows('CREDIT_PROPOSAL.INVALID_VALUE', { kind: 'invalid', field: 'reason' });
  });
});
