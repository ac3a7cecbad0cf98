import { commandFactory, DeciderSpecification, eventFactory } from '@crm/testing';
import { weekdaysCalendar } from '../calendar/bank-calendar';
import type { DomainError, DomainErrorKind } from '../common/domain-error';
import type { CreditRating, LoanClassification, ProductCategory, RiskFlagType, Severity } from '../common/scales';
import type { ClientCommand } from './client.commands';
import { clientDecider, evolveClient } from './client.decider';
import type { ClientEvent } from './client.events';
import { initialClientState } from './client.state';

/** Credit, risk flags and products (lifecycle: client.decider.spec; complaints, satisfaction: their own specs). */
const NOW = '2026-03-01T10:00:00.000Z';
const metadata = {
  now: NOW,
  actor: { userId: 'u-1', role: 'risk_officer' as const },
  calendar: weekdaysCalendar('Asia/Shanghai'),
};

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

const registered = ev('ProspectRegistered', {
  clientId: 'c-1',
  branchId: 'br-1',
  segment: 'sme',
  industry: 'retail',
  legalName: 'Example Trading Co.',
  registrationNo: '91440300MA5ABCDE1X',
  contact: { phone: '+86 755 0000 0000' },
  source: 'referral',
});
const prospect = [registered];
const client = [registered, ev('ProspectConverted', { convertedAt: '2026-01-10T09:00:00.000Z' })];

describe('ReportFinancials', () => {
  const financials = {
    period: '2025',
    revenue: '12000000.00',
    netProfit: '-350000.50',
    totalAssets: '40000000',
    totalLiabilities: '33000000',
    currency: 'CNY',
  };

  test('reports financials, a net loss included', () => {
    spec
      .given(client)
      .when(cmd('ReportFinancials', financials))
      .then([ev('FinancialsReported', financials)]);
  });

  test.each(['revenue', 'totalAssets', 'totalLiabilities'] as const)('a negative %s is invalid', (field) => {
    expectRejection(
      client,
      cmd('ReportFinancials', { ...financials, [field]: '-1' }),
      'CLIENT.INVALID_VALUE',
      'invalid',
      field,
    );
  });

  test('a float-formatted netProfit is invalid', () => {
    expectRejection(
      client,
      cmd('ReportFinancials', { ...financials, netProfit: '1e6' }),
      'CLIENT.INVALID_VALUE',
      'invalid',
      'netProfit',
    );
  });

  test.each(['cny', 'RMB1', 'US'])('currency %s is invalid', (currency) => {
    expectRejection(
      client,
      cmd('ReportFinancials', { ...financials, currency }),
      'CLIENT.INVALID_VALUE',
      'invalid',
      'currency',
    );
  });

  test.each(['2025-H1', '2025-Q4', '2025-03'])('a half, quarter or month (%s) is a period too', (period) => {
    spec
      .given(client)
      .when(cmd('ReportFinancials', { ...financials, period }))
      .then([ev('FinancialsReported', { ...financials, period })]);
  });

  test.each(['', '2025-Q5', '2025-13', '25', '2025H1', '2025-q1'])('period %p is invalid', (period) => {
    expectRejection(
      client,
      cmd('ReportFinancials', { ...financials, period }),
      'CLIENT.INVALID_VALUE',
      'invalid',
      'period',
    );
  });
});

describe('ChangeCreditRating', () => {
  test('a first rating has from null and 0 notches', () => {
    spec
      .given(client)
      .when(cmd('ChangeCreditRating', { rating: 'BBB', reason: 'initial rating' }))
      .then([ev('CreditRatingChanged', { from: null, to: 'BBB', notches: 0, reason: 'initial rating' })]);
  });

  test('a downgrade counts positive notches', () => {
    spec
      .given([...client, ev('CreditRatingChanged', { from: null, to: 'A', notches: 0, reason: 'initial' })])
      .when(cmd('ChangeCreditRating', { rating: 'BB', reason: 'losses' }))
      .then([ev('CreditRatingChanged', { from: 'A', to: 'BB', notches: 2, reason: 'losses' })]);
  });

  test('an upgrade counts negative notches', () => {
    spec
      .given([...client, ev('CreditRatingChanged', { from: null, to: 'B', notches: 0, reason: 'initial' })])
      .when(cmd('ChangeCreditRating', { rating: 'BBB', reason: 'recovery' }))
      .then([ev('CreditRatingChanged', { from: 'B', to: 'BBB', notches: -2, reason: 'recovery' })]);
  });

  test('the same rating is a no-op', () => {
    spec
      .given([...client, ev('CreditRatingChanged', { from: null, to: 'A', notches: 0, reason: 'initial' })])
      .when(cmd('ChangeCreditRating', { rating: 'A', reason: 'confirmed' }))
      .then([]);
  });

  test('a rating off the scale is invalid', () => {
    expectRejection(
      client,
      cmd('ChangeCreditRating', { rating: 'A+' as CreditRating, reason: 'x' }),
      'CLIENT.INVALID_VALUE',
      'invalid',
      'rating',
    );
  });

  test('a blank reason is invalid', () => {
    expectRejection(
      client,
      cmd('ChangeCreditRating', { rating: 'A', reason: '' }),
      'CLIENT.INVALID_VALUE',
      'invalid',
      'reason',
    );
  });
});

describe('ChangeLoanClassification', () => {
  test('a first classification has from null', () => {
    spec
      .given(client)
      .when(cmd('ChangeLoanClassification', { classification: 'normal', reason: 'new facility' }))
      .then([ev('LoanClassificationChanged', { from: null, to: 'normal', reason: 'new facility' })]);
  });

  test('moves along the scale', () => {
    spec
      .given([...client, ev('LoanClassificationChanged', { from: null, to: 'normal', reason: 'new' })])
      .when(cmd('ChangeLoanClassification', { classification: 'special_mention', reason: 'overdue 10 days' }))
      .then([ev('LoanClassificationChanged', { from: 'normal', to: 'special_mention', reason: 'overdue 10 days' })]);
  });

  test('the same classification is a no-op', () => {
    spec
      .given([...client, ev('LoanClassificationChanged', { from: null, to: 'normal', reason: 'new' })])
      .when(cmd('ChangeLoanClassification', { classification: 'normal', reason: 'review' }))
      .then([]);
  });

  test('a classification off the scale is invalid', () => {
    expectRejection(
      client,
      cmd('ChangeLoanClassification', { classification: 'bad' as LoanClassification, reason: 'x' }),
      'CLIENT.INVALID_VALUE',
      'invalid',
      'classification',
    );
  });
});

describe('credit facilities', () => {
  const limitSet = ev('CreditLimitSet', { facilityId: 'fa-1', limit: '5000000.00', currency: 'CNY' });
  const withFacility = [...client, limitSet];

  describe('SetCreditLimit', () => {
    test('creates a facility', () => {
      spec
        .given(client)
        .when(cmd('SetCreditLimit', { facilityId: 'fa-1', limit: '5000000.00', currency: 'CNY' }))
        .then([limitSet]);
    });

    test('changes the limit of a facility', () => {
      spec
        .given(withFacility)
        .when(cmd('SetCreditLimit', { facilityId: 'fa-1', limit: '6000000', currency: 'CNY' }))
        .then([ev('CreditLimitSet', { facilityId: 'fa-1', limit: '6000000', currency: 'CNY' })]);
    });

    test('the same limit and currency is a no-op, whatever the decimal places', () => {
      spec
        .given(withFacility)
        .when(cmd('SetCreditLimit', { facilityId: 'fa-1', limit: '5000000', currency: 'CNY' }))
        .then([]);
    });

    describe('facility terms', () => {
      const terms = (data: Record<string, unknown>) =>
        cmd('SetCreditLimit', { facilityId: 'fa-1', limit: '5000000.00', currency: 'CNY', ...data });
      const termsSet = ev('FacilityTermsSet', {
        facilityId: 'fa-1',
        type: 'term',
        maturityDate: '2029-06-30',
        nextReviewDate: '2026-09-30',
      });

      test('a new facility with its terms records both', () => {
        spec
          .given(client)
          .when(terms({ type: 'term', maturityDate: '2029-06-30', nextReviewDate: '2026-09-30' }))
          .then([limitSet, termsSet]);
      });

      test('terms alone on an existing facility record only the terms; the same terms again nothing', () => {
        spec
          .given(withFacility)
          .when(terms({ type: 'term', maturityDate: '2029-06-30', nextReviewDate: '2026-09-30' }))
          .then([termsSet]);
        spec
          .given([...withFacility, termsSet])
          .when(terms({ type: 'term', maturityDate: '2029-06-30', nextReviewDate: '2026-09-30' }))
          .then([]);
      });

      test('a new review date keeps the recorded type and maturity', () => {
        spec
          .given([...withFacility, termsSet])
          .when(terms({ nextReviewDate: '2027-03-31' }))
          .then([
            ev('FacilityTermsSet', {
              facilityId: 'fa-1',
              type: 'term',
              maturityDate: '2029-06-30',
              nextReviewDate: '2027-03-31',
            }),
          ]);
      });

      test('another type on a typed facility is FACILITY.TYPE_MISMATCH', () => {
        expectRejection(
          [...withFacility, termsSet],
          terms({ type: 'revolving' }),
          'FACILITY.TYPE_MISMATCH',
          'rule_violation',
          'type',
        );
      });

      test.each([
        [{ type: 'overdraft' }, 'type'],
        [{ nextReviewDate: '2026-09-30' }, 'type'],
        [{ type: 'term', maturityDate: '2029-02-30' }, 'maturityDate'],
        [{ type: 'term', nextReviewDate: '30/09/2026' }, 'nextReviewDate'],
      ])('%j is invalid on %s', (data, field) => {
        expectRejection(client, terms(data), 'CLIENT.INVALID_VALUE', 'invalid', field);
      });
    });

    test('another currency on an existing facility is FACILITY.CURRENCY_MISMATCH', () => {
      expectRejection(
        withFacility,
        cmd('SetCreditLimit', { facilityId: 'fa-1', limit: '5000000.00', currency: 'USD' }),
        'FACILITY.CURRENCY_MISMATCH',
        'rule_violation',
      );
    });

    test('a non-decimal limit is invalid', () => {
      expectRejection(
        client,
        cmd('SetCreditLimit', { facilityId: 'fa-1', limit: '5,000,000', currency: 'CNY' }),
        'CLIENT.INVALID_VALUE',
        'invalid',
        'limit',
      );
    });

    test('a lower-case currency is invalid', () => {
      expectRejection(
        client,
        cmd('SetCreditLimit', { facilityId: 'fa-1', limit: '1', currency: 'usd' }),
        'CLIENT.INVALID_VALUE',
        'invalid',
        'currency',
      );
    });
  });

  describe('ReportUtilisation', () => {
    test('reports drawn amounts', () => {
      spec
        .given(withFacility)
        .when(cmd('ReportUtilisation', { facilityId: 'fa-1', drawn: '4700000.00' }))
        .then([ev('CreditUtilisationReported', { facilityId: 'fa-1', drawn: '4700000.00' })]);
    });

    test('an unknown facility is FACILITY.NOT_FOUND', () => {
      expectRejection(
        client,
        cmd('ReportUtilisation', { facilityId: 'fa-9', drawn: '1' }),
        'FACILITY.NOT_FOUND',
        'not_found',
      );
    });

    test('a negative drawn amount is invalid', () => {
      expectRejection(
        withFacility,
        cmd('ReportUtilisation', { facilityId: 'fa-1', drawn: '-1' }),
        'CLIENT.INVALID_VALUE',
        'invalid',
        'drawn',
      );
    });
  });

  describe('ReportPastDue', () => {
    // NOW is 2026-03-01T10:00Z: 18:00 on 1 March in Shanghai, the bank's today.
    test('reports an arrear dated by when the oldest unpaid amount fell due', () => {
      spec
        .given(withFacility)
        .when(cmd('ReportPastDue', { facilityId: 'fa-1', overdueSince: '2026-01-29', amountOverdue: '120000.00' }))
        .then([
          ev('PaymentPastDue', {
            facilityId: 'fa-1',
            overdueSince: '2026-01-29',
            daysPastDue: 31,
            amountOverdue: '120000.00',
          }),
        ]);
    });

    test("counts the days to the bank's today, not to the UTC date", () => {
      const lateEvening = { ...metadata, now: '2026-03-01T17:30:00.000Z' };
      spec
        .given(withFacility)
        .when({
          type: 'ReportPastDue',
          data: { facilityId: 'fa-1', overdueSince: '2026-03-01', amountOverdue: '1' },
          metadata: lateEvening,
        })
        .then([
          ev('PaymentPastDue', { facilityId: 'fa-1', overdueSince: '2026-03-01', daysPastDue: 1, amountOverdue: '1' }),
        ]);
    });

    test('an arrear that fell due today is reported at 0 days', () => {
      spec
        .given(withFacility)
        .when(cmd('ReportPastDue', { facilityId: 'fa-1', overdueSince: '2026-03-01', amountOverdue: '1' }))
        .then([
          ev('PaymentPastDue', { facilityId: 'fa-1', overdueSince: '2026-03-01', daysPastDue: 0, amountOverdue: '1' }),
        ]);
    });

    test('older callers may still give days past due: dated back from the bank today', () => {
      spec
        .given(withFacility)
        .when(cmd('ReportPastDue', { facilityId: 'fa-1', daysPastDue: 31, amountOverdue: '120000.00' }))
        .then([
          ev('PaymentPastDue', {
            facilityId: 'fa-1',
            overdueSince: '2026-01-29',
            daysPastDue: 31,
            amountOverdue: '120000.00',
          }),
        ]);
    });

    test('the same arrear reported again (a nightly feed) records nothing', () => {
      spec
        .given([
          ...withFacility,
          ev('PaymentPastDue', { facilityId: 'fa-1', overdueSince: '2026-01-29', daysPastDue: 30, amountOverdue: '5' }),
        ])
        .when(cmd('ReportPastDue', { facilityId: 'fa-1', overdueSince: '2026-01-29', amountOverdue: '5' }))
        .then([]);
    });

    test('a later date after a partial payment restarts the count', () => {
      spec
        .given([
          ...withFacility,
          ev('PaymentPastDue', { facilityId: 'fa-1', overdueSince: '2026-01-01', daysPastDue: 59, amountOverdue: '9' }),
        ])
        .when(cmd('ReportPastDue', { facilityId: 'fa-1', overdueSince: '2026-02-01', amountOverdue: '4' }))
        .then([
          ev('PaymentPastDue', { facilityId: 'fa-1', overdueSince: '2026-02-01', daysPastDue: 28, amountOverdue: '4' }),
        ]);
    });

    test('an unknown facility is FACILITY.NOT_FOUND', () => {
      expectRejection(
        client,
        cmd('ReportPastDue', { facilityId: 'fa-9', overdueSince: '2026-02-01', amountOverdue: '1' }),
        'FACILITY.NOT_FOUND',
        'not_found',
      );
    });

    test.each(['2026-03-02', '2027-01-01'])("overdueSince %p, after the bank's today, is invalid", (overdueSince) => {
      expectRejection(
        withFacility,
        cmd('ReportPastDue', { facilityId: 'fa-1', overdueSince, amountOverdue: '1' }),
        'CLIENT.INVALID_VALUE',
        'invalid',
        'overdueSince',
      );
    });

    test.each(['2026-02-30', '2026-2-01', '01/02/2026', '2026-02-01T00:00:00Z', 20260201, '1990-01-01'])(
      'overdueSince %p is invalid',
      (overdueSince) => {
        expectRejection(
          withFacility,
          cmd('ReportPastDue', { facilityId: 'fa-1', overdueSince: overdueSince as string, amountOverdue: '1' }),
          'CLIENT.INVALID_VALUE',
          'invalid',
          'overdueSince',
        );
      },
    );

    test('neither a date nor days, or both, is invalid', () => {
      expectRejection(
        withFacility,
        cmd('ReportPastDue', { facilityId: 'fa-1', amountOverdue: '1' }),
        'CLIENT.INVALID_VALUE',
        'invalid',
        'overdueSince',
      );
      expectRejection(
        withFacility,
        cmd('ReportPastDue', { facilityId: 'fa-1', overdueSince: '2026-02-01', daysPastDue: 28, amountOverdue: '1' }),
        'CLIENT.INVALID_VALUE',
        'invalid',
        'overdueSince',
      );
    });

    test.each([0, -3, 1.5, Number.NaN])('daysPastDue %p is invalid', (daysPastDue) => {
      expectRejection(
        withFacility,
        cmd('ReportPastDue', { facilityId: 'fa-1', daysPastDue, amountOverdue: '1' }),
        'CLIENT.INVALID_VALUE',
        'invalid',
        'daysPastDue',
      );
    });

    test('a non-decimal amountOverdue is invalid', () => {
      expectRejection(
        withFacility,
        cmd('ReportPastDue', { facilityId: 'fa-1', overdueSince: '2026-02-01', amountOverdue: '1.23456' }),
        'CLIENT.INVALID_VALUE',
        'invalid',
        'amountOverdue',
      );
    });
  });

  describe('ClearPastDue', () => {
    const pastDue = [
      ...withFacility,
      ev('PaymentPastDue', { facilityId: 'fa-1', overdueSince: '2026-02-17', daysPastDue: 12, amountOverdue: '50000' }),
    ];

    test('clears a past-due facility', () => {
      spec
        .given(pastDue)
        .when(cmd('ClearPastDue', { facilityId: 'fa-1' }))
        .then([ev('PastDueCleared', { facilityId: 'fa-1' })]);
    });

    test('a facility that is current is FACILITY.NOT_PAST_DUE', () => {
      expectRejection(
        withFacility,
        cmd('ClearPastDue', { facilityId: 'fa-1' }),
        'FACILITY.NOT_PAST_DUE',
        'rule_violation',
      );
    });

    test('clearing twice is FACILITY.NOT_PAST_DUE', () => {
      expectRejection(
        [...pastDue, ev('PastDueCleared', { facilityId: 'fa-1' })],
        cmd('ClearPastDue', { facilityId: 'fa-1' }),
        'FACILITY.NOT_PAST_DUE',
        'rule_violation',
      );
    });

    test('an unknown facility is FACILITY.NOT_FOUND', () => {
      expectRejection(client, cmd('ClearPastDue', { facilityId: 'fa-9' }), 'FACILITY.NOT_FOUND', 'not_found');
    });

    test('a new limit keeps the past-due status', () => {
      spec
        .given([...pastDue, ev('CreditLimitSet', { facilityId: 'fa-1', limit: '4000000', currency: 'CNY' })])
        .when(cmd('ClearPastDue', { facilityId: 'fa-1' }))
        .then([ev('PastDueCleared', { facilityId: 'fa-1' })]);
    });
  });

  test('state tracks limit, currency, drawn and the dated arrear', () => {
    const state = [
      ...withFacility,
      ev('CreditUtilisationReported', { facilityId: 'fa-1', drawn: '100' }),
      ev('PaymentPastDue', { facilityId: 'fa-1', overdueSince: '2026-02-25', daysPastDue: 4, amountOverdue: '10' }),
    ].reduce(evolveClient, initialClientState);
    expect(state.status !== 'none' && state.facilities.get('fa-1')).toEqual({
      limit: '5000000.00',
      currency: 'CNY',
      drawn: '100',
      overdueSince: '2026-02-25',
      amountOverdue: '10',
      type: null,
      maturityDate: null,
      nextReviewDate: null,
    });
  });
});

describe('risk flags', () => {
  const raised = ev('RiskFlagRaised', {
    flagId: 'rf-1',
    type: 'litigation',
    severity: 'high',
    note: 'Supplier lawsuit filed',
  });

  test('raises a flag on a prospect', () => {
    spec
      .given(prospect)
      .when(
        cmd('RaiseRiskFlag', { flagId: 'rf-1', type: 'litigation', severity: 'high', note: 'Supplier lawsuit filed' }),
      )
      .then([raised]);
  });

  test('a flag id already used is RISK_FLAG.ALREADY_RAISED', () => {
    expectRejection(
      [...client, raised],
      cmd('RaiseRiskFlag', { flagId: 'rf-1', type: 'other', severity: 'low', note: 'x' }),
      'RISK_FLAG.ALREADY_RAISED',
      'conflict',
    );
  });

  test('a cleared flag id cannot be raised again', () => {
    expectRejection(
      [...client, raised, ev('RiskFlagCleared', { flagId: 'rf-1', reason: 'settled' })],
      cmd('RaiseRiskFlag', { flagId: 'rf-1', type: 'other', severity: 'low', note: 'x' }),
      'RISK_FLAG.ALREADY_RAISED',
      'conflict',
    );
  });

  test.each([
    ['type', { type: 'rumour' as RiskFlagType }],
    ['severity', { severity: 'extreme' as Severity }],
    ['note', { note: ' ' }],
  ] as const)('an invalid %s is rejected', (field, override) => {
    expectRejection(
      client,
      cmd('RaiseRiskFlag', { flagId: 'rf-1', type: 'other', severity: 'low', note: 'x', ...override }),
      'CLIENT.INVALID_VALUE',
      'invalid',
      field,
    );
  });

  test('clears a flag', () => {
    spec
      .given([...prospect, raised])
      .when(cmd('ClearRiskFlag', { flagId: 'rf-1', reason: 'case dismissed' }))
      .then([ev('RiskFlagCleared', { flagId: 'rf-1', reason: 'case dismissed' })]);
  });

  test('an unknown flag is RISK_FLAG.NOT_FOUND', () => {
    expectRejection(client, cmd('ClearRiskFlag', { flagId: 'rf-9', reason: 'x' }), 'RISK_FLAG.NOT_FOUND', 'not_found');
  });

  test('a flag is cleared once', () => {
    expectRejection(
      [...client, raised, ev('RiskFlagCleared', { flagId: 'rf-1', reason: 'settled' })],
      cmd('ClearRiskFlag', { flagId: 'rf-1', reason: 'again' }),
      'RISK_FLAG.ALREADY_CLEARED',
      'conflict',
    );
  });

  test('a blank reason is invalid', () => {
    expectRejection(
      [...client, raised],
      cmd('ClearRiskFlag', { flagId: 'rf-1', reason: '' }),
      'CLIENT.INVALID_VALUE',
      'invalid',
      'reason',
    );
  });
});

describe('product holdings', () => {
  const opened = ev('ProductHoldingOpened', {
    holdingId: 'h-1',
    productCode: 'WM-180D',
    category: 'wealth',
    amount: '2000000.00',
  });

  test('opens a holding', () => {
    spec
      .given(client)
      .when(
        cmd('OpenProductHolding', {
          holdingId: 'h-1',
          productCode: 'WM-180D',
          category: 'wealth',
          amount: '2000000.00',
        }),
      )
      .then([opened]);
  });

  test('a holding id already used is PRODUCT.ALREADY_OPENED', () => {
    expectRejection(
      [...client, opened],
      cmd('OpenProductHolding', { holdingId: 'h-1', productCode: 'DEP', category: 'deposit', amount: '1' }),
      'PRODUCT.ALREADY_OPENED',
      'conflict',
    );
  });

  test.each([
    ['category', { category: 'crypto' as ProductCategory }],
    ['amount', { amount: '12.5%' }],
    ['productCode', { productCode: '' }],
  ] as const)('an invalid %s is rejected', (field, override) => {
    expectRejection(
      client,
      cmd('OpenProductHolding', {
        holdingId: 'h-1',
        productCode: 'DEP',
        category: 'deposit',
        amount: '1',
        ...override,
      }),
      'CLIENT.INVALID_VALUE',
      'invalid',
      field,
    );
  });

  test('closes a holding', () => {
    spec
      .given([...client, opened])
      .when(cmd('CloseProductHolding', { holdingId: 'h-1', reason: 'matured' }))
      .then([ev('ProductHoldingClosed', { holdingId: 'h-1', reason: 'matured' })]);
  });

  test('an unknown holding is PRODUCT.NOT_FOUND', () => {
    expectRejection(
      client,
      cmd('CloseProductHolding', { holdingId: 'h-9', reason: 'x' }),
      'PRODUCT.NOT_FOUND',
      'not_found',
    );
  });

  test('closing twice is PRODUCT.ALREADY_CLOSED', () => {
    expectRejection(
      [...client, opened, ev('ProductHoldingClosed', { holdingId: 'h-1', reason: 'matured' })],
      cmd('CloseProductHolding', { holdingId: 'h-1', reason: 'again' }),
      'PRODUCT.ALREADY_CLOSED',
      'conflict',
    );
  });
});
