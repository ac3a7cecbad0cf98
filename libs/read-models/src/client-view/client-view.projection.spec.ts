import type { ClientEvent } from '@crm/domain';
import type { RecordedEvent } from '@crm/event-store';
import { RecordedLog } from '@crm/testing';
import type { ClientView } from './client-view';
import { evolveClientView } from './client-view.projection';

const CLIENT = '0190a4c2-0000-7000-8000-000000000001';
const STREAM = `client-${CLIENT}`;

const registered: ClientEvent = {
  type: 'ProspectRegistered',
  data: {
    clientId: CLIENT,
    branchId: 'br-sh-01',
    segment: 'corporate',
    industry: 'manufacturing',
    legalName: 'Shanghai Precision Tools Co., Ltd.',
    registrationNo: '91310000MA1FL0XX1X',
    contact: { phone: '+86 21 5555 0101', email: 'finance@example.cn' },
    source: 'branch_walk_in',
  },
};

const fold = (events: readonly RecordedEvent[]): ClientView | null =>
  events.reduce<ClientView | null>(evolveClientView, null);

const given = (...events: ClientEvent[]): { log: RecordedLog; view: ClientView } => {
  const log = new RecordedLog();
  for (const e of [registered, ...events]) log.append(STREAM, e);
  const view = fold(log.events);
  if (view === null) throw new Error('expected a view');
  return { log, view };
};

describe('evolveClientView', () => {
  it('starts a prospect view from ProspectRegistered', () => {
    const { view } = given();
    expect(view).toEqual({
      id: CLIENT,
      status: 'prospect',
      branchId: 'br-sh-01',
      segment: 'corporate',
      industry: 'manufacturing',
      legalName: 'Shanghai Precision Tools Co., Ltd.',
      registrationNo: '91310000MA1FL0XX1X',
      contact: { phone: '+86 21 5555 0101', email: 'finance@example.cn' },
      manager: null,
      tier: null,
      annualContribution: null,
      credit: { rating: null, classification: null, facilities: [] },
      riskFlags: [],
      openAlerts: [],
      products: [],
      balanceHistory: { holdings: [], facilities: [] },
      contacts: { total: 0, last: null, followUpsDue: 0, nextFollowUpDue: null, openFollowUps: [] },
      satisfaction: { lastNps: null, lastCsat: null },
      complaints: { open: 0, openIds: [] },
      financials: null,
      convertedAt: null,
      revision: 0,
      position: '1',
      updatedAt: '2025-01-06T09:01:00.000Z',
    });
  });

  it('ignores events before the registration', () => {
    const log = new RecordedLog();
    log.append(STREAM, { type: 'CreditRatingChanged', data: { from: null, to: 'A', notches: 0, reason: 'x' } });
    expect(fold(log.events)).toBeNull();
  });

  it('converts, updates the profile and assigns a manager', () => {
    const { view } = given(
      { type: 'ProspectConverted', data: { convertedAt: '2025-02-01T00:00:00.000Z', firstProductCode: 'DEP-01' } },
      {
        type: 'ClientProfileUpdated',
        data: { changes: { industry: 'machinery', contact: { phone: '+86 21 5555 0199' } } },
      },
      { type: 'ManagerAssigned', data: { managerId: 'm-7', managerLevel: 'senior', reason: 'coverage' } },
      {
        type: 'ClientTierChanged',
        data: { from: null, to: 'core', annualContribution: '1200000.00', reason: 'review' },
      },
    );
    expect(view.status).toBe('client');
    expect(view.convertedAt).toBe('2025-02-01T00:00:00.000Z');
    expect(view.industry).toBe('machinery');
    expect(view.contact).toEqual({ phone: '+86 21 5555 0199', email: 'finance@example.cn' });
    expect(view.manager).toEqual({ id: 'm-7', name: null, level: 'senior' });
    expect(view.tier).toBe('core');
    expect(view.annualContribution).toBe('1200000.00');
    expect(view.revision).toBe(4);
    expect(view.position).toBe('5');
  });

  it('keeps the last reported annual contribution through a regrade that reports none', () => {
    const { view } = given(
      { type: 'ClientTierChanged', data: { from: null, to: 'key', annualContribution: '800000.50', reason: 'review' } },
      { type: 'ClientTierChanged', data: { from: 'key', to: 'standard', reason: 'regrade' } },
    );
    expect(view.tier).toBe('standard');
    expect(view.annualContribution).toBe('800000.50');
  });

  it('tracks credit: rating, classification and facilities with decimal-string amounts', () => {
    const { view } = given(
      { type: 'CreditRatingChanged', data: { from: null, to: 'A', notches: 0, reason: 'initial' } },
      { type: 'CreditRatingChanged', data: { from: 'A', to: 'BBB', notches: 1, reason: 'downgrade' } },
      { type: 'LoanClassificationChanged', data: { from: null, to: 'special_mention', reason: 'watch' } },
      { type: 'CreditLimitSet', data: { facilityId: 'f-1', limit: '5000000.00', currency: 'CNY' } },
      { type: 'CreditUtilisationReported', data: { facilityId: 'f-1', drawn: '4200000.00' } },
      {
        type: 'PaymentPastDue',
        data: { facilityId: 'f-1', overdueSince: '2024-11-22', daysPastDue: 45, amountOverdue: '120000.00' },
      },
      { type: 'CreditLimitSet', data: { facilityId: 'f-2', limit: '800000.00', currency: 'USD' } },
      {
        type: 'PaymentPastDue',
        data: { facilityId: 'f-2', overdueSince: '2024-12-27', daysPastDue: 10, amountOverdue: '5000.00' },
      },
      { type: 'PastDueCleared', data: { facilityId: 'f-2' } },
    );
    expect(view.credit).toEqual({
      rating: 'BBB',
      classification: 'special_mention',
      facilities: [
        {
          id: 'f-1',
          limit: '5000000.00',
          drawn: '4200000.00',
          currency: 'CNY',
          overdueSince: '2024-11-22',
          daysPastDue: 45,
          amountOverdue: '120000.00',
        },
        {
          id: 'f-2',
          limit: '800000.00',
          drawn: '0',
          currency: 'USD',
          overdueSince: null,
          daysPastDue: 0,
          amountOverdue: '0',
        },
      ],
    });
  });

  it('keeps facilities reported before their limit was set', () => {
    const { view } = given({ type: 'CreditUtilisationReported', data: { facilityId: 'f-9', drawn: '10.00' } });
    expect(view.credit.facilities).toEqual([
      {
        id: 'f-9',
        limit: null,
        drawn: '10.00',
        currency: null,
        overdueSince: null,
        daysPastDue: 0,
        amountOverdue: '0',
      },
    ]);
  });

  it('lists open risk flags with the time they were raised', () => {
    const log = new RecordedLog();
    log.append(STREAM, registered);
    log.append(
      STREAM,
      { type: 'RiskFlagRaised', data: { flagId: 'rf-1', type: 'litigation', severity: 'high', note: 'n' } },
      {
        occurredAt: '2025-01-05T08:00:00.000Z',
      },
    );
    log.append(STREAM, {
      type: 'RiskFlagRaised',
      data: { flagId: 'rf-2', type: 'tax_arrears', severity: 'low', note: 'n' },
    });
    log.append(STREAM, { type: 'RiskFlagCleared', data: { flagId: 'rf-2', reason: 'paid' } });
    expect(fold(log.events)?.riskFlags).toEqual([
      { id: 'rf-1', type: 'litigation', severity: 'high', raisedAt: '2025-01-05T08:00:00.000Z' },
    ]);
  });

  it('counts contacts, keeps the latest by occurrence and the open follow-ups', () => {
    const { view } = given(
      {
        type: 'ContactLogged',
        data: {
          contactId: 'c-1',
          managerId: 'm-7',
          channel: 'visit',
          purpose: 'relationship',
          summary: 's',
          occurredAt: '2025-03-10T10:00:00.000Z',
          followUpDue: '2025-03-20T00:00:00.000Z',
        },
      },
      {
        type: 'ContactLogged',
        data: {
          contactId: 'c-2',
          managerId: 'm-7',
          channel: 'call',
          purpose: 'risk_review',
          summary: 's',
          occurredAt: '2025-03-01T10:00:00.000Z',
          followUpDue: '2025-03-15T00:00:00.000Z',
        },
      },
      {
        type: 'ContactLogged',
        data: {
          contactId: 'c-3',
          managerId: 'm-7',
          channel: 'email',
          purpose: 'consultation',
          summary: 's',
          occurredAt: '2025-03-05T10:00:00.000Z',
          followUpDue: '2025-03-12T00:00:00.000Z',
        },
      },
      { type: 'FollowUpCompleted', data: { contactId: 'c-3', completedAt: '2025-03-11T00:00:00.000Z' } },
    );
    expect(view.contacts).toEqual({
      total: 3,
      last: { occurredAt: '2025-03-10T10:00:00.000Z', channel: 'visit', purpose: 'relationship' },
      followUpsDue: 2,
      nextFollowUpDue: '2025-03-15T00:00:00.000Z',
      openFollowUps: [
        { contactId: 'c-1', due: '2025-03-20T00:00:00.000Z' },
        { contactId: 'c-2', due: '2025-03-15T00:00:00.000Z' },
      ],
    });
  });

  it('keeps open holdings, last scores, open complaints and the latest financial period', () => {
    const { view } = given(
      {
        type: 'ProductHoldingOpened',
        data: { holdingId: 'h-1', productCode: 'DEP-01', category: 'deposit', amount: '100.00' },
      },
      {
        type: 'ProductHoldingOpened',
        data: { holdingId: 'h-2', productCode: 'FX-02', category: 'fx', amount: '50.50' },
      },
      { type: 'ProductHoldingClosed', data: { holdingId: 'h-1', reason: 'matured' } },
      {
        type: 'SatisfactionRecorded',
        data: { surveyId: 's-1', kind: 'nps', score: 9, comment: 'c', managerId: 'm-7' },
      },
      {
        type: 'SatisfactionRecorded',
        data: { surveyId: 's-2', kind: 'nps', score: 6, comment: 'c', managerId: 'm-7' },
      },
      {
        type: 'SatisfactionRecorded',
        data: { surveyId: 's-3', kind: 'csat', score: 4, comment: 'c', managerId: 'm-7' },
      },
      { type: 'ComplaintReceived', data: { complaintId: 'cp-1', category: 'fees', text: 't' } },
      { type: 'ComplaintReceived', data: { complaintId: 'cp-2', category: 'service', text: 't' } },
      { type: 'ComplaintResolved', data: { complaintId: 'cp-1', resolution: 'r' } },
      { type: 'FeedbackForwarded', data: { feedbackId: 'fb-1', department: 'product', text: 't' } },
      {
        type: 'FinancialsReported',
        data: {
          period: '2024',
          revenue: '9.00',
          netProfit: '1.00',
          totalAssets: '20.00',
          totalLiabilities: '10.00',
          currency: 'CNY',
        },
      },
      {
        type: 'FinancialsReported',
        data: {
          period: '2023',
          revenue: '8.00',
          netProfit: '1.00',
          totalAssets: '19.00',
          totalLiabilities: '9.00',
          currency: 'CNY',
        },
      },
    );
    expect(view.products).toEqual([
      { holdingId: 'h-2', productCode: 'FX-02', category: 'fx', amount: '50.50', openedAt: expect.any(String) },
    ]);
    expect(view.satisfaction).toEqual({ lastNps: 6, lastCsat: 4 });
    expect(view.complaints).toEqual({ open: 1, openIds: ['cp-2'] });
    expect(view.financials).toMatchObject({ period: '2024', revenue: '9.00', currency: 'CNY' });
    expect(view.revision).toBe(12);
  });

  it('shows the latest financial period by end date, the longer period among equal ends, whatever the arrival order', () => {
    const report = (period: string, revenue: string): ClientEvent => ({
      type: 'FinancialsReported',
      data: { period, revenue, netProfit: '1.00', totalAssets: '20.00', totalLiabilities: '10.00', currency: 'CNY' },
    });
    const periodAfter = (...reports: ClientEvent[]) => {
      const { view } = given(...reports);
      return [view.financials?.period, view.financials?.revenue];
    };
    // String order would keep 2025-Q1 ('Q' sorts after '1'); December ends later.
    expect(periodAfter(report('2025-Q1', '1.00'), report('2025-12', '2.00'))).toEqual(['2025-12', '2.00']);
    expect(periodAfter(report('2025-12', '2.00'), report('2025-Q1', '1.00'))).toEqual(['2025-12', '2.00']);
    // 2025, 2025-Q4 and 2025-12 all end on 31 December 2025: the year is the fuller statement.
    expect(periodAfter(report('2025', '3.00'), report('2025-Q4', '4.00'), report('2025-12', '5.00'))).toEqual([
      '2025',
      '3.00',
    ]);
    // A restatement of the latest period replaces it; one of an older period does not pose as the latest.
    expect(periodAfter(report('2025', '3.00'), report('2024', '9.00'), report('2025', '3.50'))).toEqual([
      '2025',
      '3.50',
    ]);
  });

  it('moves the revision past event types it does not know, changing nothing else', () => {
    const { log, view } = given();
    const future = log.append(STREAM, { type: 'SomethingFromANewerBuild', data: { x: 1 } });
    expect(evolveClientView(view, future)).toEqual({
      ...view,
      revision: 1,
      position: '2',
      updatedAt: future.recordedAt,
    });
  });

  it('is deterministic: folding the same events twice gives equal views', () => {
    const { log } = given({ type: 'CreditRatingChanged', data: { from: null, to: 'AA', notches: 0, reason: 'r' } });
    expect(fold(log.events)).toEqual(fold(log.events));
  });

  it('lists credit changes held for approval until they are decided, and changes nothing else meanwhile', () => {
    const proposed = (n: number): ClientEvent => ({
      type: 'CreditChangeProposed',
      data: {
        proposalId: `${CLIENT}.${n}`,
        change: { type: 'ChangeCreditRating', data: { rating: 'BB', reason: 'losses' } },
        proposedBy: 'u-rm',
        proposedAt: '2025-03-01T00:00:00.000Z',
      },
    });
    const { view } = given(proposed(1), proposed(2));
    expect(view.credit.rating).toBeNull();
    expect(view.pendingCreditChanges?.map((pending) => pending.proposalId)).toEqual([`${CLIENT}.1`, `${CLIENT}.2`]);
    const decided = given(
      proposed(1),
      proposed(2),
      {
        type: 'CreditChangeApproved',
        data: { proposalId: `${CLIENT}.1`, approvedBy: 'u-ro', approvedAt: '2025-03-02T00:00:00.000Z' },
      },
      { type: 'CreditRatingChanged', data: { from: null, to: 'BB', notches: 0, reason: 'losses' } },
      {
        type: 'CreditChangeRejected',
        data: { proposalId: `${CLIENT}.2`, rejectedBy: 'u-ro', rejectedAt: '2025-03-02T00:00:00.000Z', reason: 'no' },
      },
    ).view;
    expect([decided.credit.rating, decided.pendingCreditChanges]).toEqual(['BB', []]);
  });

  describe('PersonalDataErased', () => {
    const erased: ClientEvent = { type: 'PersonalDataErased', data: { requestedBy: 'u-dpo', basis: 'PIPL art. 47' } };

    it('overwrites every personal field with [erased] and keeps the business facts', () => {
      const { log, view } = given(
        { type: 'ProspectConverted', data: { convertedAt: '2025-01-07T00:00:00.000Z' } },
        { type: 'CreditRatingChanged', data: { from: null, to: 'BBB', notches: 0, reason: 'initial' } },
        { type: 'CreditLimitSet', data: { facilityId: 'f-1', limit: '5000000.00', currency: 'CNY' } },
        erased,
      );
      const erasedAt = log.events[log.events.length - 1].recordedAt;
      expect(view).toMatchObject({
        status: 'client',
        legalName: '[erased]',
        registrationNo: '[erased]',
        contact: { phone: '[erased]', email: '[erased]' },
        industry: 'manufacturing',
        erasedAt,
        credit: { rating: 'BBB', facilities: [expect.objectContaining({ id: 'f-1', limit: '5000000.00' })] },
        revision: 4,
      });
      expect(JSON.stringify(view)).not.toMatch(/Shanghai|91310000|5555|finance@/);
    });

    it('never brings a name back from a later profile change, but keeps the industry', () => {
      const { view } = given(erased, {
        type: 'ClientProfileUpdated',
        data: { changes: { legalName: 'Revived Name', industry: 'logistics', contact: { phone: '1' } } },
      });
      expect(view).toMatchObject({
        legalName: '[erased]',
        industry: 'logistics',
        contact: { phone: '[erased]', email: '[erased]' },
      });
    });
  });
});
