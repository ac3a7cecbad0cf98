import type { Severity } from '../../common/scales';
import type { RiskEvent } from '../risk-event';
import { DEFAULT_RISK_RULES, type RiskRulesConfig } from '../risk-rules.config';
import type { RiskReading } from '../risk-rules';
import { initialRiskState, type ClientRiskState } from '../risk-state';
import { ewFinRule } from './ew-fin.rule';

import { configWith, ev, fold, reading, riskSpec, T0 } from '@crm/testing';

/** EW-FIN on events shaped like the v1 integration messages. */

const spec = riskSpec();

type Figures = Partial<Record<'revenue' | 'netProfit' | 'totalAssets' | 'totalLiabilities' | 'currency', string>>;

/** A healthy report unless told otherwise: leverage 0.5, revenue 10000.00, a profit, in CNY. */
const report = (period: string, figures: Figures = {}, eventId = 'e-when'): RiskEvent =>
  ev(
    'FinancialsReported',
    {
      period,
      revenue: '10000.00',
      netProfit: '100.00',
      totalAssets: '1000.00',
      totalLiabilities: '500.00',
      currency: 'CNY',
      ...figures,
    },
    T0,
    eventId,
  );

const registeredIn = (industry: string): RiskEvent =>
  ev('ProspectRegistered', { clientId: 'c-1', branchId: 'BR-1', segment: 'corporate', industry, source: 'referral' });

const industryChangedTo = (industry: string): RiskEvent =>
  ev('ClientProfileUpdated', { changedFields: ['industry'], industry });

const finReading = (reason: string): RiskReading => ({
  ...reading('EW-FIN', 'medium', reason),
  ruleVersion: DEFAULT_RISK_RULES.rules['EW-FIN'].version,
});

/** What the pure rule says of the facts folded from `events`. */
const reasonAfter = (events: readonly RiskEvent[], config: RiskRulesConfig = DEFAULT_RISK_RULES): string =>
  ewFinRule.reason(fold(events, config), Date.parse(T0), config, null);

describe('EW-FIN leverage', () => {
  test.each<[string, Severity | null]>([
    ['799.99', null],
    ['800.00', null],
    ['800.01', 'medium'],
  ])(
    'given no industry, when liabilities are %s on assets 1000.00, then %s (limit 0.8)',
    (totalLiabilities, severity) => {
      spec.given([]).when(report('2025', { totalLiabilities })).thenSeverity('EW-FIN', severity);
    },
  );

  test('given liabilities without assets, then they are over any limit', () => {
    spec
      .given([])
      .when(report('2025', { totalAssets: '0', totalLiabilities: '1' }))
      .thenSeverity('EW-FIN', 'medium');
  });

  test.each<[string, string, Severity | null]>([
    ['real_estate', '849.99', null],
    ['real_estate', '850.00', null],
    ['real_estate', '850.01', 'medium'],
    ['construction', '850.00', null],
    ['construction', '850.01', 'medium'],
    ['manufacturing', '699.99', null],
    ['manufacturing', '700.00', null],
    ['manufacturing', '700.01', 'medium'],
    ['retail', '800.00', null],
    ['retail', '800.01', 'medium'],
  ])(
    'given a client in %s, when liabilities are %s on assets 1000.00, then %s',
    (industry, totalLiabilities, severity) => {
      spec
        .given([registeredIn(industry)])
        .when(report('2025', { totalLiabilities }))
        .thenSeverity('EW-FIN', severity);
    },
  );

  test('given a client in real estate, then the reason names its industry limit', () => {
    spec
      .given([registeredIn('real_estate')])
      .when(report('2025', { totalLiabilities: '900.00' }))
      .then([finReading('financials 2025: liabilities above 85% of assets (limit for real_estate)')]);
  });

  test('given an industry changed after registration, then the new industry sets the limit', () => {
    spec
      .given([registeredIn('manufacturing'), industryChangedTo('real_estate')])
      .when(report('2025', { totalLiabilities: '820.00' }))
      .then([]);
    spec
      .given([registeredIn('real_estate'), industryChangedTo('manufacturing')])
      .when(report('2025', { totalLiabilities: '750.00' }))
      .then([finReading('financials 2025: liabilities above 70% of assets (limit for manufacturing)')]);
  });

  test('given a profile change that leaves the industry alone, then the registered industry stays', () => {
    spec
      .given([registeredIn('manufacturing'), ev('ClientProfileUpdated', { changedFields: ['legalName'] })])
      .when(report('2025', { totalLiabilities: '750.00' }))
      .thenSeverity('EW-FIN', 'medium');
  });

  test.each(['Real Estate', 'real_estate ', 'constructor', 'toString'])(
    'given the industry %p, which the rules file does not list, then the general limit applies',
    (industry) => {
      spec
        .given([registeredIn(industry)])
        .when(report('2025', { totalLiabilities: '820.00' }))
        .then([finReading('financials 2025: liabilities above 80% of assets')]);
    },
  );

  test('given a rules file with limits of its own, then they apply', () => {
    riskSpec(configWith('EW-FIN', { leverageByIndustry: { retail: '0.5' } }))
      .given([registeredIn('retail')])
      .when(report('2025', { totalLiabilities: '500.01' }))
      .thenSeverity('EW-FIN', 'medium');
    riskSpec(configWith('EW-FIN', { leverageByIndustry: {} }))
      .given([registeredIn('real_estate')])
      .when(report('2025', { totalLiabilities: '820.00' }))
      .thenSeverity('EW-FIN', 'medium');
  });
});

describe('EW-FIN revenue, year on year', () => {
  test.each<[string, string, Severity | null]>([
    ['7001.00', 'a fall of 29.99%', null],
    ['7000.00', 'a fall of exactly 30%', 'medium'],
    ['6999.00', 'a fall of 30.01%', 'medium'],
    ['12000.00', 'a rise', null],
  ])('given 10000.00 a year before, when revenue is %s (%s), then %s', (revenue, _fall, severity) => {
    spec
      .given([report('2024', {}, 'e-0')])
      .when(report('2025', { revenue }))
      .thenSeverity('EW-FIN', severity);
  });

  test.each([
    ['2025-Q4', '2024-Q4'],
    ['2025-H1', '2024-H1'],
    ['2025', '2024'],
    ['2025-03', '2024-03'],
  ])('given %s, then it is set against %s', (period, basis) => {
    spec
      .given([report(basis, {}, 'e-0')])
      .when(report(period, { revenue: '5000.00' }))
      .then([finReading(`financials ${period}: revenue down 30% or more on ${basis}`)]);
  });

  test('given a strong third quarter, when Q4 falls on it but not on Q4 a year before, then nothing (seasons cancel out)', () => {
    spec
      .given([report('2024-Q4', { revenue: '10000.00' }), report('2025-Q3', { revenue: '20000.00' })])
      .when(report('2025-Q4', { revenue: '9000.00' }))
      .then([]);
  });

  test('given a weak third quarter, when Q4 rises on it but falls on Q4 a year before, then it reads', () => {
    spec
      .given([report('2024-Q4', { revenue: '10000.00' }), report('2025-Q3', { revenue: '3000.00' })])
      .when(report('2025-Q4', { revenue: '6000.00' }))
      .then([finReading('financials 2025-Q4: revenue down 30% or more on 2024-Q4')]);
  });

  test.each([
    ['only the quarter before', '2025-Q3'],
    ['only the year before as a whole', '2024'],
    ['only the quarter two years before', '2023-Q4'],
  ])('given %s, when a quarter falls on it, then there is no revenue finding', (_name, period) => {
    spec
      .given([report(period, { revenue: '100000.00' })])
      .when(report('2025-Q4', { revenue: '1.00' }))
      .then([]);
  });

  test('given the year before in another currency, then revenue is not compared', () => {
    spec
      .given([report('2024', { currency: 'USD' })])
      .when(report('2025', { revenue: '1000.00' }))
      .then([]);
  });

  test('given no revenue a year before, then no fall can be measured', () => {
    spec
      .given([report('2024', { revenue: '0' })])
      .when(report('2025', { revenue: '0' }))
      .then([]);
  });

  test('given a restatement of the year before, then the latest period is set against the corrected figures', () => {
    spec
      .given([report('2024', { revenue: '10000.00' }), report('2025', { revenue: '9000.00' })])
      .when(report('2024', { revenue: '20000.00' }))
      .then([finReading('financials 2025: revenue down 30% or more on 2024')]);
  });
});

describe('EW-FIN reads the latest period, not the last report received', () => {
  test('given Q4, when an older quarter with a loss arrives late, then it does not pose as the latest', () => {
    spec
      .given([report('2025-Q4')])
      .when(report('2025-Q3', { netProfit: '-1.00' }))
      .then([]);
  });

  test('given interleaved annual, half, quarter and month reports, then the latest is the one that ends latest, the longer among equals', () => {
    const lastYear = [
      report('2024', { revenue: '40000.00' }),
      report('2024-H2', { revenue: '20000.00' }),
      report('2024-Q4', { revenue: '10000.00' }),
      report('2024-12', { revenue: '3000.00' }),
    ];
    const december = report('2025-12', { revenue: '3000.00' });
    const fourthQuarter = report('2025-Q4', { revenue: '6000.00' });
    const year = report('2025', { revenue: '39000.00' });
    const januaryAfter = report('2026-01', { revenue: '1000.00', netProfit: '-1.00' });

    expect(reasonAfter([...lastYear, december])).toBe('no financial warning');
    expect(reasonAfter([...lastYear, december, fourthQuarter])).toBe(
      'financials 2025-Q4: revenue down 30% or more on 2024-Q4',
    );
    // The year arrives last here, but order plays no part: every arrival order reads the same.
    expect(reasonAfter([...lastYear, fourthQuarter, year, december])).toBe('no financial warning');
    expect(reasonAfter([year, december, fourthQuarter, ...lastYear])).toBe('no financial warning');
    // A later month ends later than the year: it is the latest, with no January a year before to compare.
    expect(reasonAfter([...lastYear, year, januaryAfter])).toBe('financials 2026-01: net loss');
  });

  test('given a state stored before periods were ordered (arrival order, no industry), then the latest period is still read', () => {
    const stored = {
      ...initialRiskState('c-1'),
      financials: [
        {
          period: '2025',
          revenue: '5000.00',
          netProfit: '1',
          totalAssets: '10',
          totalLiabilities: '1',
          currency: 'CNY',
        },
        {
          period: '2024',
          revenue: '9000.00',
          netProfit: '1',
          totalAssets: '10',
          totalLiabilities: '1',
          currency: 'CNY',
        },
      ],
    } as Record<string, unknown>;
    delete stored['industry'];
    expect(ewFinRule.reason(stored as ClientRiskState, Date.parse(T0), DEFAULT_RISK_RULES, null)).toBe(
      'financials 2025: revenue down 30% or more on 2024',
    );
  });
});

describe('EW-FIN net loss and the reading', () => {
  test('given a net loss, then it reads medium; a zero profit does not', () => {
    spec
      .given([])
      .when(report('2025', { netProfit: '-0.01' }))
      .then([finReading('financials 2025: net loss')]);
    spec
      .given([])
      .when(report('2025', { netProfit: '0' }))
      .then([]);
  });

  test('given netLoss off, then a loss reads nothing', () => {
    riskSpec(configWith('EW-FIN', { netLoss: false }))
      .given([])
      .when(report('2025', { netProfit: '-5.00' }))
      .then([]);
  });

  test('given every condition met, then the reason names each', () => {
    spec
      .given([report('2024')])
      .when(report('2025', { revenue: '5000.00', netProfit: '-1.00', totalLiabilities: '900.00' }))
      .then([
        finReading('financials 2025: liabilities above 80% of assets, revenue down 30% or more on 2024, net loss'),
      ]);
  });

  test('given a second loss year, then nothing new reads; a recovery then a loss reads again', () => {
    const loss = { netProfit: '-1.00' };
    expect(
      spec
        .sequence([report('2023', loss), report('2024', loss), report('2025'), report('2026', loss)])
        .map((r) => r.length),
    ).toEqual([1, 0, 0, 1]);
  });

  test('given a revenueDrop of its own, then the rules file sets the threshold', () => {
    riskSpec(configWith('EW-FIN', { revenueDrop: '0.1' }))
      .given([report('2024')])
      .when(report('2025', { revenue: '9000.00' }))
      .thenSeverity('EW-FIN', 'medium');
  });

  test('given no report, then there is no financial warning', () => {
    expect(ewFinRule.band(initialRiskState('c-1'), Date.parse(T0), DEFAULT_RISK_RULES)).toBeNull();
    expect(ewFinRule.reason(initialRiskState('c-1'), Date.parse(T0), DEFAULT_RISK_RULES, null)).toBe(
      'no financial warning',
    );
  });
});
