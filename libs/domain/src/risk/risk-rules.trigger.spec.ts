import { T0_DATE } from '@crm/testing';
import { addDays } from '../calendar/bank-date';
import type { ClientEvent } from '../client/client.events';
import { applyRiskEvent } from './apply-risk-event';
import type { RiskEvent } from './risk-event';
import { RISK_RULE_IDS, type RiskRuleId } from './risk-rule-id';
import { evaluateEvent, type RiskReading } from './risk-rules';
import { DEFAULT_RISK_RULES, validateRiskRules, type RiskRulesConfig } from './risk-rules.config';
import { evolveRiskState, initialRiskState, type ClientRiskState } from './risk-state';

/** What holds for every rule: edge trigger, switches, versions, and the two sources of data. */
const T0 = '2026-03-02T10:00:00.000Z';

const ev = (type: string, data: Readonly<Record<string, unknown>>, eventId = 'e-when', occurredAt = T0): RiskEvent => ({
  eventId,
  type,
  occurredAt,
  data,
});

const run = (
  events: readonly RiskEvent[],
  config: RiskRulesConfig = DEFAULT_RISK_RULES,
  from: ClientRiskState = initialRiskState('c-1'),
): { state: ClientRiskState; readings: RiskReading[][] } => {
  let state = from;
  const readings = events.map((event) => {
    const result = applyRiskEvent(state, event, config);
    state = result.state;
    return [...result.readings];
  });
  return { state, readings };
};

const configWith = (
  ruleId: RiskRuleId,
  patch: Record<string, unknown>,
  base: RiskRulesConfig = DEFAULT_RISK_RULES,
): RiskRulesConfig =>
  validateRiskRules({
    rules: { ...base.rules, [ruleId]: { ...base.rules[ruleId], ...patch } },
  });

/** Every arrear of an unclassified client also breaches its floor; rules other than the floor are read without it. */
const withoutFloor = configWith('EW-CLASS-FLOOR', { enabled: false });

/** For each rule fired by events: a history and the event that makes the rule read. */
const TRIGGERS: ReadonlyArray<[RiskRuleId, RiskEvent[], RiskEvent]> = [
  [
    'EW-DPD',
    [],
    ev('PaymentPastDue', { facilityId: 'F-1', overdueSince: addDays(T0_DATE, -35), amountOverdue: '1.00' }),
  ],
  ['EW-CLASS', [], ev('LoanClassificationChanged', { from: 'normal', to: 'substandard' })],
  [
    'EW-CLASS-FLOOR',
    [],
    ev('PaymentPastDue', { facilityId: 'F-1', overdueSince: addDays(T0_DATE, -10), amountOverdue: '1.00' }),
  ],
  ['EW-DEFAULT', [], ev('CreditRatingChanged', { from: null, to: 'D', notches: 0 })],
  [
    'EW-RATING',
    [ev('CreditRatingChanged', { from: null, to: 'A', notches: 0 }, 'e-0', '2026-01-01T00:00:00.000Z')],
    ev('CreditRatingChanged', { from: 'A', to: 'BB', notches: 2 }),
  ],
  ['EW-FLAGS', [], ev('RiskFlagRaised', { flagId: 'fl-1', type: 'fraud_suspicion', severity: 'critical' })],
  [
    'EW-UTIL',
    [ev('CreditLimitSet', { facilityId: 'F-1', limit: '100.00', currency: 'CNY' }, 'e-0')],
    ev('CreditUtilisationReported', { facilityId: 'F-1', drawn: '120.00' }),
  ],
  [
    'EW-FIN',
    [],
    ev('FinancialsReported', {
      period: '2025',
      revenue: '1',
      netProfit: '-1',
      totalAssets: '10',
      totalLiabilities: '1',
      currency: 'CNY',
    }),
  ],
  [
    'EW-CORE-MGR',
    [ev('ClientTierChanged', { from: null, to: 'core' }, 'e-0')],
    ev('ManagerAssigned', { managerId: 'm-1', managerLevel: 'associate' }),
  ],
  [
    'EW-CHURN',
    [ev('ClientTierChanged', { from: null, to: 'core' }, 'e-0')],
    ev('ComplaintReceived', { complaintId: 'cp-1', category: 'fees' }),
  ],
];

describe('edge trigger', () => {
  test.each(TRIGGERS)(
    '%s reads once for its trigger, citing the event, at the configured version',
    (ruleId, given, when) => {
      const base = ruleId === 'EW-CLASS-FLOOR' ? DEFAULT_RISK_RULES : withoutFloor;
      const { readings } = run([...given, when], configWith(ruleId, { version: 7 }, base));
      expect(readings.slice(0, -1).flat()).toEqual([]);
      expect(readings[readings.length - 1]).toEqual([
        expect.objectContaining({ ruleId, ruleVersion: 7, evidence: ['e-when'] }),
      ]);
    },
  );

  test.each(TRIGGERS.filter(([ruleId]) => ruleId !== 'EW-CHURN'))(
    '%s reads nothing when the same event is delivered again',
    (_ruleId, given, when) => {
      const { readings } = run([...given, when, when]);
      expect(readings[readings.length - 1]).toEqual([]);
    },
  );

  test('evaluateEvent gives the readings of applyRiskEvent from the states before and after', () => {
    for (const [, given, when] of TRIGGERS) {
      const before = run(given).state;
      const after = evolveRiskState(before, when);
      expect(evaluateEvent(before, after, when, DEFAULT_RISK_RULES)).toEqual(
        applyRiskEvent(before, when, DEFAULT_RISK_RULES).readings,
      );
    }
  });

  test("applyRiskEvent keeps each rule's band in the state", () => {
    const { state } = run([
      ev('PaymentPastDue', { facilityId: 'F-1', overdueSince: addDays(T0_DATE, -35), amountOverdue: '1.00' }),
    ]);
    expect(state.bands).toMatchObject({ 'EW-DPD': 'high', 'EW-CLASS': null, 'EW-COVER': null });
  });

  test('an event without a usable time changes nothing and reads nothing', () => {
    const state = initialRiskState('c-1');
    const odd = {
      ...ev('PaymentPastDue', { facilityId: 'F-1', overdueSince: addDays(T0_DATE, -95), amountOverdue: '1.00' }),
      occurredAt: '2026-03-02',
    };
    expect(applyRiskEvent(state, odd, DEFAULT_RISK_RULES)).toEqual({ state, readings: [] });
  });

  test('a state saved as JSON and loaded again reads the same', () => {
    const history = [
      ev('PaymentPastDue', { facilityId: 'F-1', overdueSince: addDays(T0_DATE, -35), amountOverdue: '1.00' }, 'e-1'),
    ];
    const saved = JSON.parse(JSON.stringify(run(history).state)) as ClientRiskState;
    const next = [
      ev('PaymentPastDue', { facilityId: 'F-1', overdueSince: addDays(T0_DATE, -36), amountOverdue: '1.00' }, 'e-2'),
      ev('PaymentPastDue', { facilityId: 'F-1', overdueSince: addDays(T0_DATE, -95), amountOverdue: '1.00' }, 'e-3'),
    ];
    expect(run(next, DEFAULT_RISK_RULES, saved).readings).toEqual(run([...history, ...next]).readings.slice(1));
  });
});

describe('rule switches', () => {
  test.each(TRIGGERS)('%s disabled reads nothing', (ruleId, given, when) => {
    const { readings, state } = run([...given, when], configWith(ruleId, { enabled: false }));
    expect(readings.flat().filter((r) => r.ruleId === ruleId)).toEqual([]);
    expect(state.bands[ruleId] ?? null).toBeNull();
  });

  test('every rule disabled reads nothing at all', () => {
    const off: Record<string, unknown> = {};
    for (const id of RISK_RULE_IDS) off[id] = { ...DEFAULT_RISK_RULES.rules[id], enabled: false };
    const config = validateRiskRules({ rules: off });
    expect(TRIGGERS.flatMap(([, given, when]) => run([...given, when], config).readings.flat())).toEqual([]);
  });

  test('a rule enabled again reads on the next event for a state it never reported', () => {
    const disabled = configWith('EW-DPD', { enabled: false });
    const { state } = run(
      [ev('PaymentPastDue', { facilityId: 'F-1', overdueSince: addDays(T0_DATE, -35), amountOverdue: '1.00' }, 'e-1')],
      disabled,
    );
    const next = ev(
      'PaymentPastDue',
      { facilityId: 'F-1', overdueSince: addDays(T0_DATE, -36), amountOverdue: '1.00' },
      'e-2',
    );
    expect(applyRiskEvent(state, next, withoutFloor).readings).toEqual([
      {
        ruleId: 'EW-DPD',
        ruleVersion: 2,
        severity: 'high',
        reason: 'facility F-1 is 36 days past due (30+ bucket)',
        evidence: ['e-2'],
        stage: 2,
      },
    ]);
  });

  test('a lowered threshold reads on the next event for a state the old one let pass', () => {
    const { state } = run([
      ev('PaymentPastDue', { facilityId: 'F-1', overdueSince: addDays(T0_DATE, -6), amountOverdue: '1.00' }, 'e-1'),
    ]);
    const next = ev(
      'PaymentPastDue',
      { facilityId: 'F-1', overdueSince: addDays(T0_DATE, -7), amountOverdue: '1.00' },
      'e-2',
    );
    const readings = applyRiskEvent(state, next, configWith('EW-DPD', { mediumDays: 5 })).readings;
    expect(readings.map((r) => r.severity)).toEqual(['medium']);
  });
});

describe('data from the store and from Kafka', () => {
  const PERSONAL = [
    'Example Trading Co.',
    '91440300MA5ABCDE1X',
    '+86 755',
    'chairman arrested',
    'very unhappy',
    'shouted',
    'late again',
  ];

  /** Full domain events, personal and free-text fields included, as the store holds them. */
  const domainEvents: ClientEvent[] = [
    {
      type: 'ClientTierChanged',
      data: { from: null, to: 'core', annualContribution: '100000.00', reason: 'late again' },
    },
    { type: 'ManagerAssigned', data: { managerId: 'm-1', managerLevel: 'associate', reason: 'shouted' } },
    {
      type: 'ContactLogged',
      data: {
        contactId: 'k-1',
        managerId: 'm-1',
        channel: 'visit',
        purpose: 'complaint',
        summary: 'very unhappy',
        occurredAt: T0,
      },
    },
    {
      type: 'PaymentPastDue',
      data: { facilityId: 'F-1', overdueSince: addDays(T0_DATE, -95), daysPastDue: 95, amountOverdue: '1000.00' },
    },
    { type: 'LoanClassificationChanged', data: { from: 'normal', to: 'special_mention', reason: 'late again' } },
    { type: 'CreditRatingChanged', data: { from: 'A', to: 'BB', notches: 2, reason: 'chairman arrested' } },
    {
      type: 'RiskFlagRaised',
      data: { flagId: 'fl-1', type: 'fraud_suspicion', severity: 'critical', note: 'chairman arrested' },
    },
    { type: 'CreditLimitSet', data: { facilityId: 'F-1', limit: '100.00', currency: 'CNY' } },
    { type: 'CreditUtilisationReported', data: { facilityId: 'F-1', drawn: '95.00' } },
    {
      type: 'FinancialsReported',
      data: {
        period: '2025',
        revenue: '1',
        netProfit: '-1',
        totalAssets: '10',
        totalLiabilities: '9',
        currency: 'CNY',
      },
    },
    {
      type: 'SatisfactionRecorded',
      data: { surveyId: 's-1', kind: 'nps', score: 3, comment: 'very unhappy', managerId: 'm-1' },
    },
    { type: 'ComplaintReceived', data: { complaintId: 'cp-1', category: 'fees', text: 'shouted' } },
    {
      type: 'ProductHoldingOpened',
      data: { holdingId: 'h-1', productCode: 'DEP-1', category: 'deposit', amount: '1.00' },
    },
    { type: 'ProductHoldingClosed', data: { holdingId: 'h-1', reason: 'very unhappy' } },
    { type: 'RiskFlagCleared', data: { flagId: 'fl-1', reason: 'late again' } },
    {
      type: 'ClientProfileUpdated',
      data: {
        changes: {
          legalName: 'Example Trading Co.',
          registrationNo: '91440300MA5ABCDE1X',
          contact: { phone: '+86 755 0000 0000' },
        },
      },
    },
  ];

  /** The same events as the v1 integration messages carry them (libs/contracts/src/messages). */
  const FREE_TEXT = new Set(['reason', 'note', 'summary', 'text', 'comment', 'changes']);
  const asMessage = (event: ClientEvent): Record<string, unknown> =>
    Object.fromEntries(Object.entries(event.data).filter(([key]) => !FREE_TEXT.has(key)));

  const fromStore = domainEvents.map((event, i) => ev(event.type, event.data, `e-${i}`));
  const fromKafka = domainEvents.map((event, i) => ev(event.type, asMessage(event), `e-${i}`));

  test('the integration messages lack every personal and free-text field', () => {
    expect(JSON.stringify(fromKafka)).not.toMatch(/reason|note|summary|"text"|comment|legalName|registrationNo|phone/);
  });

  test('rules read the same from both', () => {
    const store = run(fromStore);
    const kafka = run(fromKafka);
    expect(kafka.readings).toEqual(store.readings);
    expect(kafka.state).toEqual(store.state);
    expect(
      kafka.readings
        .flat()
        .map((r) => r.ruleId)
        .sort(),
    ).toEqual(
      [
        'EW-CHURN',
        'EW-CHURN',
        'EW-CLASS',
        'EW-CLASS-FLOOR',
        'EW-CORE-MGR',
        'EW-DPD',
        'EW-FIN',
        'EW-FLAGS',
        'EW-RATING',
        'EW-UTIL',
      ].sort(),
    );
  });

  test('no reading or state carries personal data or free text', () => {
    const { state, readings } = run(fromStore);
    const written = JSON.stringify({ state, readings });
    for (const text of PERSONAL) expect(written).not.toContain(text);
  });
});

describe('robustness', () => {
  const TYPES = [
    'ManagerAssigned',
    'ClientTierChanged',
    'ContactLogged',
    'FinancialsReported',
    'CreditRatingChanged',
    'LoanClassificationChanged',
    'CreditLimitSet',
    'CreditUtilisationReported',
    'PaymentPastDue',
    'PastDueCleared',
    'RiskFlagRaised',
    'RiskFlagCleared',
    'ProductHoldingOpened',
    'ProductHoldingClosed',
    'SatisfactionRecorded',
    'ComplaintReceived',
    'PersonalDataErased',
    'Unknown',
  ];
  const ODD_VALUES: readonly unknown[] = [
    null,
    undefined,
    '',
    ' ',
    'x',
    -1,
    1.5,
    Number.NaN,
    Infinity,
    [],
    {},
    true,
    '1e9',
    '__proto__',
  ];
  const KEYS = [
    'facilityId',
    'daysPastDue',
    'limit',
    'drawn',
    'to',
    'from',
    'flagId',
    'severity',
    'holdingId',
    'period',
    'revenue',
    'netProfit',
    'totalAssets',
    'totalLiabilities',
    'currency',
    'kind',
    'score',
    'occurredAt',
    'managerLevel',
  ];

  test('odd data in any field of any event never throws', () => {
    const config = DEFAULT_RISK_RULES;
    let state = run(TRIGGERS.flatMap(([, given, when]) => [...given, when])).state;
    for (const type of TYPES) {
      for (const value of ODD_VALUES) {
        const data = Object.fromEntries(KEYS.map((key) => [key, value]));
        const result = applyRiskEvent(state, ev(type, data), config);
        state = result.state;
        for (const reading of result.readings) expect(typeof reading.reason).toBe('string');
      }
    }
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  test.each([null, undefined, 'text', 42, []])('event data of %p never throws', (data) => {
    const odd = { eventId: 'e-odd', type: 'PaymentPastDue', occurredAt: T0, data } as unknown as RiskEvent;
    const state = initialRiskState('c-1');
    expect(applyRiskEvent(state, odd, DEFAULT_RISK_RULES)).toEqual({
      state: { ...state, bands: expect.any(Object) },
      readings: [],
    });
  });
});
