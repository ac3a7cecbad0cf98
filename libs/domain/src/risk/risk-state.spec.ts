import { T0_DATE } from '@crm/testing';
import { addDays } from '../calendar/bank-date';
import type { RiskEvent } from './risk-event';
import { evolveRiskState, initialRiskState, type ClientRiskState } from './risk-state';

const T0 = '2026-03-02T10:00:00.000Z';

const event = (type: string, data: Record<string, unknown>, occurredAt = T0): RiskEvent => ({
  eventId: `${type}@${occurredAt}`,
  type,
  occurredAt,
  data,
});

const fold = (events: readonly RiskEvent[]): ClientRiskState => events.reduce(evolveRiskState, initialRiskState('c-1'));

describe('risk state', () => {
  test('starts empty', () => {
    expect(initialRiskState('c-1')).toEqual({
      clientId: 'c-1',
      tier: null,
      managerLevel: null,
      facilities: {},
      classification: null,
      ratings: [],
      openFlags: {},
      financials: [],
      industry: null,
      lastContactAt: null,
      becameCoreOrKeyAt: null,
      holdings: {},
      bands: {},
      stages: {},
      alerts: {},
    });
  });

  test('folds integration-message data into plain JSON that survives a round trip', () => {
    const state = fold([
      event('ProspectRegistered', { clientId: 'c-1', branchId: 'BR-1', segment: 'sme', industry: 'retail' }),
      event('ManagerAssigned', { managerId: 'm-1', managerLevel: 'senior' }),
      event('ClientTierChanged', { from: null, to: 'core' }),
      event('ContactLogged', {
        contactId: 'k-1',
        managerId: 'm-1',
        channel: 'visit',
        purpose: 'relationship',
        occurredAt: '2026-03-01T09:00:00+08:00',
      }),
      event('CreditLimitSet', { facilityId: 'F-1', limit: '1000000.00', currency: 'CNY' }),
      event('CreditUtilisationReported', { facilityId: 'F-1', drawn: '250000.00' }),
      event('PaymentPastDue', { facilityId: 'F-1', overdueSince: addDays(T0_DATE, -12), amountOverdue: '1000.00' }),
      event('LoanClassificationChanged', { from: null, to: 'special_mention' }),
      event('CreditRatingChanged', { from: null, to: 'A', notches: 0 }),
      event('RiskFlagRaised', { flagId: 'fl-1', type: 'litigation', severity: 'high' }),
      event('FinancialsReported', {
        period: '2025',
        revenue: '10.00',
        netProfit: '-1.00',
        totalAssets: '20',
        totalLiabilities: '5',
        currency: 'CNY',
      }),
      event('ProductHoldingOpened', { holdingId: 'h-1', productCode: 'DEP-1', category: 'deposit', amount: '10.00' }),
    ]);
    expect(state).toEqual({
      clientId: 'c-1',
      tier: 'core',
      managerLevel: 'senior',
      facilities: {
        'F-1': { limit: '1000000.00', currency: 'CNY', drawn: '250000.00', overdueSince: addDays(T0_DATE, -12) },
      },
      classification: 'special_mention',
      ratings: [{ at: T0, rating: 'A' }],
      openFlags: { 'fl-1': 'high' },
      financials: [
        {
          period: '2025',
          revenue: '10.00',
          netProfit: '-1.00',
          totalAssets: '20',
          totalLiabilities: '5',
          currency: 'CNY',
        },
      ],
      industry: 'retail',
      lastContactAt: '2026-03-01T01:00:00.000Z',
      becameCoreOrKeyAt: T0,
      holdings: { 'h-1': { openedAt: T0, closedAt: null } },
      bands: {},
      stages: {},
      alerts: {},
    });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  test('clears past due, flags and holdings', () => {
    const state = fold([
      event('PaymentPastDue', { facilityId: 'F-1', overdueSince: addDays(T0_DATE, -12), amountOverdue: '1.00' }),
      event('PastDueCleared', { facilityId: 'F-1' }),
      event('RiskFlagRaised', { flagId: 'fl-1', type: 'other', severity: 'low' }),
      event('RiskFlagCleared', { flagId: 'fl-1' }),
      event('ProductHoldingOpened', { holdingId: 'h-1', productCode: 'P', category: 'loan', amount: '1.00' }),
      event('ProductHoldingClosed', { holdingId: 'h-1' }, '2026-03-03T10:00:00.000Z'),
    ]);
    expect(state.facilities).toEqual({ 'F-1': { limit: null, drawn: null, overdueSince: null } });
    expect(state.openFlags).toEqual({});
    expect(state.holdings).toEqual({ 'h-1': { openedAt: T0, closedAt: '2026-03-03T10:00:00.000Z' } });
  });

  test('keeps the time a client entered core/key across core ↔ key, and forgets it outside', () => {
    const later = '2026-04-01T10:00:00.000Z';
    const keyThenCore = fold([
      event('ClientTierChanged', { from: null, to: 'key' }),
      event('ClientTierChanged', { from: 'key', to: 'core' }, later),
    ]);
    expect(keyThenCore.becameCoreOrKeyAt).toBe(T0);
    const demoted = evolveRiskState(keyThenCore, event('ClientTierChanged', { from: 'core', to: 'standard' }, later));
    expect(demoted).toMatchObject({ tier: 'standard', becameCoreOrKeyAt: null });
  });

  test('keeps the latest contact when contacts are logged out of order', () => {
    const state = fold([
      event('ContactLogged', { occurredAt: '2026-02-20T10:00:00.000Z' }),
      event('ContactLogged', { occurredAt: '2026-01-05T10:00:00.000Z' }),
    ]);
    expect(state.lastContactAt).toBe('2026-02-20T10:00:00.000Z');
  });

  test('records the rating a change started from when the history does not end with it', () => {
    const state = fold([event('CreditRatingChanged', { from: 'A', to: 'BB', notches: 2 })]);
    expect(state.ratings).toEqual([
      { at: T0, rating: 'A' },
      { at: T0, rating: 'BB' },
    ]);
  });

  test('prunes rating history older than 36 months but keeps the rating in force then', () => {
    const state = fold([
      event('CreditRatingChanged', { from: null, to: 'AA', notches: 0 }, '2020-01-01T00:00:00.000Z'),
      event('CreditRatingChanged', { from: 'AA', to: 'A', notches: 1 }, '2021-01-01T00:00:00.000Z'),
      event('CreditRatingChanged', { from: 'A', to: 'BBB', notches: 1 }, '2025-01-01T00:00:00.000Z'),
      event('CreditRatingChanged', { from: 'BBB', to: 'BB', notches: 1 }),
    ]);
    expect(state.ratings.map((entry) => entry.rating)).toEqual(['A', 'BBB', 'BB']);
  });

  test('drops holdings closed longer ago than any churn window', () => {
    const state = fold([
      event('ProductHoldingOpened', { holdingId: 'h-old' }, '2024-01-01T00:00:00.000Z'),
      event('ProductHoldingClosed', { holdingId: 'h-old' }, '2024-06-01T00:00:00.000Z'),
      event('ProductHoldingOpened', { holdingId: 'h-open' }, '2024-01-01T00:00:00.000Z'),
      event('ProductHoldingOpened', { holdingId: 'h-new' }),
    ]);
    expect(Object.keys(state.holdings).sort()).toEqual(['h-new', 'h-open']);
  });

  describe('financial reports', () => {
    const report = (period: string, revenue = '1') =>
      event('FinancialsReported', {
        period,
        revenue,
        netProfit: '1',
        totalAssets: '10',
        totalLiabilities: '1',
        currency: 'CNY',
      });
    const held = (state: ClientRiskState) => state.financials.map((r) => [r.period, r.revenue]);

    test('given a restatement, then it replaces the report of its period; the newest period stays last', () => {
      const state = fold([report('2024', '100'), report('2025', '90'), report('2024', '120')]);
      expect(held(state)).toEqual([
        ['2024', '120'],
        ['2025', '90'],
      ]);
    });

    test('given reports in any order, then they are held oldest period first, the longer last among equal ends', () => {
      const state = fold([report('2025'), report('2025-12'), report('2025-Q3'), report('2025-Q4'), report('2025-H2')]);
      expect(state.financials.map((r) => r.period)).toEqual(['2025-Q3', '2025-12', '2025-Q4', '2025-H2', '2025']);
    });

    test('given a new latest period, then periods ending more than a year before it are dropped', () => {
      const state = fold([report('2023'), report('2024-Q1'), report('2024-Q3'), report('2024'), report('2025-Q3')]);
      // 2025-Q3 ends in September 2025: 2024-Q3 (its year-earlier basis) and later stay.
      expect(state.financials.map((r) => r.period)).toEqual(['2024-Q3', '2024', '2025-Q3']);
    });

    test('given a report of a period too old to be read again, then it is not kept', () => {
      const state = fold([report('2025-Q4'), report('2024-Q3')]);
      expect(state.financials.map((r) => r.period)).toEqual(['2025-Q4']);
    });

    test('given every month, quarter, half and year for two years, then the 23 a year-on-year comparison can need are kept', () => {
      const periods = ['2024', '2025'].flatMap((year) => [
        year,
        ...['H1', 'H2', 'Q1', 'Q2', 'Q3', 'Q4'].map((part) => `${year}-${part}`),
        ...Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`),
      ]);
      const state = fold(periods.map((period) => report(period)));
      expect(state.financials).toHaveLength(13 + 5 + 3 + 2);
      expect(state.financials[0]?.period).toBe('2024-12');
      expect(state.financials[state.financials.length - 1]?.period).toBe('2025');
    });

    test('given a state stored in arrival order, when a report arrives, then it is filed by period', () => {
      const stored: ClientRiskState = {
        ...initialRiskState('c-1'),
        financials: fold([report('2025')]).financials.concat(fold([report('2024')]).financials),
      };
      expect(held(evolveRiskState(stored, report('2025-Q4')))).toEqual([
        ['2024', '1'],
        ['2025-Q4', '1'],
        ['2025', '1'],
      ]);
    });
  });

  describe('industry', () => {
    test('given a registration, then the industry is kept; a profile change of industry replaces it', () => {
      const registered = fold([event('ProspectRegistered', { clientId: 'c-1', industry: 'manufacturing' })]);
      expect(registered.industry).toBe('manufacturing');
      const changed = evolveRiskState(
        registered,
        event('ClientProfileUpdated', { changedFields: ['industry'], industry: 'real_estate' }),
      );
      expect(changed.industry).toBe('real_estate');
    });

    test('given a profile change of other fields, then the industry stays', () => {
      const state = fold([
        event('ProspectRegistered', { clientId: 'c-1', industry: 'manufacturing' }),
        event('ClientProfileUpdated', { changedFields: ['legalName', 'contact'] }),
      ]);
      expect(state.industry).toBe('manufacturing');
    });
  });

  test('ids that name Object.prototype members are ordinary keys', () => {
    const state = fold([
      event('PaymentPastDue', { facilityId: '__proto__', overdueSince: addDays(T0_DATE, -40), amountOverdue: '1.00' }),
      event('PaymentPastDue', { facilityId: 'constructor', overdueSince: addDays(T0_DATE, -9), amountOverdue: '1.00' }),
      event('RiskFlagRaised', { flagId: 'toString', severity: 'high' }),
      event('ProductHoldingClosed', { holdingId: 'hasOwnProperty' }),
    ]);
    expect(Object.keys(state.facilities).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(state.facilities)).toBe(Object.prototype);
    expect(state.openFlags).toEqual({ toString: 'high' });
    expect(state.holdings).toEqual({});
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  describe('defensive reading', () => {
    test.each<[string, RiskEvent]>([
      ['an unknown event type', event('SomethingElse', { facilityId: 'F-1' })],
      ['a manager event', event('ManagerLevelChanged', { from: 'associate', to: 'senior' })],
      [
        'a time that is not ISO-8601',
        {
          ...event('PaymentPastDue', { facilityId: 'F-1', overdueSince: addDays(T0_DATE, -40) }),
          occurredAt: 'yesterday',
        },
      ],
      ['an undated arrear (days only)', event('PaymentPastDue', { facilityId: 'F-1', daysPastDue: 40 })],
      ['an impossible date', event('PaymentPastDue', { facilityId: 'F-1', overdueSince: '2026-02-30' })],
      ['a date with a time', event('PaymentPastDue', { facilityId: 'F-1', overdueSince: '2026-02-01T00:00:00Z' })],
      ['a date as a number', event('PaymentPastDue', { facilityId: 'F-1', overdueSince: 20260201 })],
      ['no facility', event('PaymentPastDue', { overdueSince: '2026-02-01' })],
      ['a blank facility', event('PaymentPastDue', { facilityId: ' ', overdueSince: addDays(T0_DATE, -40) })],
      ['an amount as a number', event('CreditLimitSet', { facilityId: 'F-1', limit: 1000 })],
      ['a rating off the scale', event('CreditRatingChanged', { from: 'A', to: 'Z', notches: 2 })],
      ['a classification off the scale', event('LoanClassificationChanged', { to: 'bad' })],
      ['a tier off the scale', event('ClientTierChanged', { to: 'vip' })],
      ['a flag severity off the scale', event('RiskFlagRaised', { flagId: 'fl-1', severity: 'severe' })],
      ['a contact without a time', event('ContactLogged', { contactId: 'k-1' })],
      [
        'financials missing a field',
        event('FinancialsReported', {
          period: '2025',
          revenue: '1',
          netProfit: '1',
          totalAssets: '1',
          currency: 'CNY',
        }),
      ],
      [
        'financials for a period that is not one',
        event('FinancialsReported', {
          period: '2025-Q5',
          revenue: '1',
          netProfit: '1',
          totalAssets: '1',
          totalLiabilities: '0',
          currency: 'CNY',
        }),
      ],
      ['a blank industry', event('ProspectRegistered', { clientId: 'c-1', industry: ' ' })],
      [
        'data inherited from a prototype',
        event(
          'PaymentPastDue',
          Object.create({ facilityId: 'F-1', overdueSince: addDays(T0_DATE, -40) }) as Record<string, unknown>,
        ),
      ],
    ])('ignores %s', (_name, odd) => {
      const before = initialRiskState('c-1');
      expect(evolveRiskState(before, odd)).toEqual(before);
    });
  });
});
