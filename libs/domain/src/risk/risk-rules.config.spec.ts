import { RISK_RULE_IDS } from './risk-rule-id';
import { DEFAULT_RISK_RULES, validateRiskRules, withTimeZone } from './risk-rules.config';
import { RiskRulesError } from './risk-rules.error';

type Raw = Record<string, Record<string, unknown>>;

/** The defaults as a mutable raw file, with one rule's keys patched (undefined deletes a key). */
const fileWith = (ruleId: string, patch: Record<string, unknown>): { rules: Raw } => {
  const rules: Raw = JSON.parse(JSON.stringify(DEFAULT_RISK_RULES.rules)) as Raw;
  const rule = { ...(rules[ruleId] ?? {}), ...patch };
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete rule[key];
  rules[ruleId] = rule;
  return { rules };
};

const problemsOf = (raw: unknown): readonly string[] => {
  try {
    validateRiskRules(raw);
  } catch (error) {
    if (error instanceof RiskRulesError) return error.problems;
    throw error;
  }
  return [];
};

describe('validateRiskRules', () => {
  test('accepts the defaults and returns them unchanged', () => {
    expect(validateRiskRules(JSON.parse(JSON.stringify({ rules: DEFAULT_RISK_RULES.rules })))).toEqual(
      DEFAULT_RISK_RULES,
    );
  });

  test("the bank's time zone is the deployment's, never a rules file's", () => {
    expect(problemsOf({ rules: DEFAULT_RISK_RULES.rules, timeZone: 'UTC' })).toEqual(['timeZone: unknown key']);
    expect(withTimeZone(DEFAULT_RISK_RULES, 'Europe/Paris')).toEqual({
      ...DEFAULT_RISK_RULES,
      timeZone: 'Europe/Paris',
    });
  });

  test('the defaults are the values of docs/decisions.md §23', () => {
    expect(DEFAULT_RISK_RULES.rules).toEqual({
      'EW-DPD': { version: 2, enabled: true, mediumDays: 30, highDays: 30, criticalDays: 90 },
      'EW-CLASS': { version: 2, enabled: true, highFrom: 'special_mention', criticalFrom: 'substandard' },
      'EW-CLASS-FLOOR': {
        version: 1,
        enabled: true,
        specialMentionDays: 1,
        substandardDays: 91,
        doubtfulDays: 271,
        lossDays: 361,
      },
      'EW-DEFAULT': { version: 1, enabled: true },
      'EW-RATING': { version: 1, enabled: true, notches: 2, windowMonths: 12 },
      'EW-FLAGS': { version: 1, enabled: true, openFlags: 2, openFlagSeverity: 'medium' },
      'EW-UTIL': { version: 2, enabled: true, medium: '0.9', high: '1.0' },
      'EW-REVIEW': { version: 1, enabled: true, graceDays: 0 },
      'EW-FIN': {
        version: 2,
        enabled: true,
        leverage: '0.8',
        leverageByIndustry: { real_estate: '0.85', construction: '0.85', manufacturing: '0.7' },
        revenueDrop: '0.3',
        netLoss: true,
      },
      'EW-COVER': { version: 1, enabled: true, coreDays: 35, keyDays: 90 },
      'EW-CORE-MGR': { version: 2, enabled: true },
      'EW-CHURN': { version: 2, enabled: true, holdingsClosedShare: '0.5', holdingsWindowDays: 90 },
      'EW-GROUP': {
        version: 1,
        enabled: true,
        currency: 'CNY',
        capital: '20000000000.00',
        medium: '0.1',
        high: '0.25',
      },
    });
    expect(Object.keys(DEFAULT_RISK_RULES.rules)).toEqual([...RISK_RULE_IDS]);
  });

  test('accepts changed thresholds, a disabled rule and a new version', () => {
    const config = validateRiskRules(fileWith('EW-DPD', { version: 3, enabled: false, mediumDays: 1, highDays: 1 }));
    expect(config.rules['EW-DPD']).toEqual({
      version: 3,
      enabled: false,
      mediumDays: 1,
      highDays: 1,
      criticalDays: 90,
    });
  });

  test('throws a RiskRulesError with a code and every problem in its message', () => {
    let caught: unknown;
    try {
      validateRiskRules(fileWith('EW-DPD', { highDays: 0 }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RiskRulesError);
    expect(caught).toBeInstanceOf(Error);
    const error = caught as RiskRulesError;
    expect(error.code).toBe('RISK_RULES.INVALID');
    expect(error.problems).toEqual(['rules.EW-DPD.highDays: must be an integer between 1 and 3650']);
    expect(error.message).toContain('rules.EW-DPD.highDays: must be an integer between 1 and 3650');
  });

  describe('shape', () => {
    test.each([
      ['null', null],
      ['a list', []],
      ['a string', 'rules: {}'],
    ])('a file that is %s is refused', (_name, raw) => {
      expect(problemsOf(raw)).toEqual(['config: must be a mapping with one key, rules']);
    });

    test('a file without rules is refused', () => {
      expect(problemsOf({})).toEqual(['rules: must be a mapping of rule id to settings']);
    });

    test('an unknown top-level key is refused', () => {
      expect(problemsOf({ rules: DEFAULT_RISK_RULES.rules, ruless: {} })).toEqual(['ruless: unknown key']);
    });

    test('an unknown rule id is refused', () => {
      expect(problemsOf({ rules: { ...DEFAULT_RISK_RULES.rules, 'EW-FOO': { version: 1, enabled: true } } })).toEqual([
        'rules.EW-FOO: unknown rule id (known: EW-DPD, EW-CLASS, EW-CLASS-FLOOR, EW-DEFAULT, EW-RATING, EW-FLAGS, EW-UTIL, EW-REVIEW, EW-FIN, EW-COVER, EW-CORE-MGR, EW-CHURN, EW-GROUP)',
      ]);
    });

    test('a partial file is refused: nothing is merged with the defaults', () => {
      expect(problemsOf({ rules: { 'EW-DPD': DEFAULT_RISK_RULES.rules['EW-DPD'] } })).toEqual(
        RISK_RULE_IDS.filter((id) => id !== 'EW-DPD').map(
          (id) => `rules.${id}: is required (a rules file lists every rule; nothing is taken from the defaults)`,
        ),
      );
    });

    test('a rule that is not a mapping is refused', () => {
      expect(problemsOf({ rules: { ...DEFAULT_RISK_RULES.rules, 'EW-CORE-MGR': true } })).toEqual([
        'rules.EW-CORE-MGR: must be a mapping of settings',
      ]);
    });

    test('an unknown key in a rule is refused', () => {
      expect(problemsOf(fileWith('EW-DPD', { lowDays: 3 }))).toEqual(['rules.EW-DPD.lowDays: unknown key']);
    });

    test('a missing key is refused', () => {
      expect(problemsOf(fileWith('EW-UTIL', { high: undefined }))).toEqual(['rules.EW-UTIL.high: is required']);
    });

    test('version and enabled are required on every rule', () => {
      expect(problemsOf(fileWith('EW-CORE-MGR', { version: undefined, enabled: undefined }))).toEqual([
        'rules.EW-CORE-MGR.version: is required',
        'rules.EW-CORE-MGR.enabled: is required',
      ]);
    });

    test('lists every problem at once', () => {
      const raw = fileWith('EW-DPD', { mediumDays: '8', enabled: 'yes' });
      const rules = raw.rules;
      rules['EW-UTIL'] = { ...rules['EW-UTIL'], medium: 0.9 };
      expect(problemsOf(raw)).toEqual([
        'rules.EW-DPD.enabled: must be true or false',
        'rules.EW-DPD.mediumDays: must be an integer between 1 and 3650',
        'rules.EW-UTIL.medium: must be a quoted decimal string (at most 4 decimal places) above 0 and at most 10',
      ]);
    });
  });

  describe('types and ranges', () => {
    test.each<[string, Record<string, unknown>, string]>([
      ['EW-DPD', { version: 0 }, 'rules.EW-DPD.version: must be an integer between 1 and 1000000'],
      ['EW-DPD', { version: 1.5 }, 'rules.EW-DPD.version: must be an integer between 1 and 1000000'],
      ['EW-DPD', { enabled: 1 }, 'rules.EW-DPD.enabled: must be true or false'],
      ['EW-DPD', { highDays: 0 }, 'rules.EW-DPD.highDays: must be an integer between 1 and 3650'],
      ['EW-DPD', { criticalDays: 3651 }, 'rules.EW-DPD.criticalDays: must be an integer between 1 and 3650'],
      ['EW-DPD', { highDays: '30' }, 'rules.EW-DPD.highDays: must be an integer between 1 and 3650'],
      ['EW-DPD', { mediumDays: 8.5 }, 'rules.EW-DPD.mediumDays: must be an integer between 1 and 3650'],
      [
        'EW-CLASS',
        { highFrom: 'normal' },
        'rules.EW-CLASS.highFrom: must be one of special_mention, substandard, doubtful, loss',
      ],
      [
        'EW-CLASS',
        { criticalFrom: 'bad' },
        'rules.EW-CLASS.criticalFrom: must be one of special_mention, substandard, doubtful, loss',
      ],
      ['EW-RATING', { notches: 0 }, 'rules.EW-RATING.notches: must be an integer between 1 and 9'],
      ['EW-RATING', { windowMonths: 37 }, 'rules.EW-RATING.windowMonths: must be an integer between 1 and 36'],
      ['EW-FLAGS', { openFlags: 0 }, 'rules.EW-FLAGS.openFlags: must be an integer between 1 and 100'],
      [
        'EW-FLAGS',
        { openFlagSeverity: 'severe' },
        'rules.EW-FLAGS.openFlagSeverity: must be one of low, medium, high, critical',
      ],
      [
        'EW-UTIL',
        { medium: 0.9 },
        'rules.EW-UTIL.medium: must be a quoted decimal string (at most 4 decimal places) above 0 and at most 10',
      ],
      [
        'EW-UTIL',
        { medium: '0' },
        'rules.EW-UTIL.medium: must be a quoted decimal string (at most 4 decimal places) above 0 and at most 10',
      ],
      [
        'EW-UTIL',
        { medium: '0.90001' },
        'rules.EW-UTIL.medium: must be a quoted decimal string (at most 4 decimal places) above 0 and at most 10',
      ],
      [
        'EW-UTIL',
        { high: '10.0001' },
        'rules.EW-UTIL.high: must be a quoted decimal string (at most 4 decimal places) above 0 and at most 10',
      ],
      [
        'EW-FIN',
        { revenueDrop: '1.01' },
        'rules.EW-FIN.revenueDrop: must be a quoted decimal string (at most 4 decimal places) above 0 and at most 1',
      ],
      [
        'EW-FIN',
        { leverage: '-0.8' },
        'rules.EW-FIN.leverage: must be a quoted decimal string (at most 4 decimal places) above 0 and at most 10',
      ],
      ['EW-FIN', { netLoss: 'true' }, 'rules.EW-FIN.netLoss: must be true or false'],
      [
        'EW-FIN',
        { leverageByIndustry: ['real_estate'] },
        'rules.EW-FIN.leverageByIndustry: must be a mapping of industry to a quoted decimal string (at most 4 decimal places) above 0 and at most 10',
      ],
      [
        'EW-FIN',
        { leverageByIndustry: { real_estate: 0.85, retail: '0.8', energy: '10.5', '': '0.8', [' '.repeat(3)]: '0.8' } },
        'rules.EW-FIN.leverageByIndustry: "real_estate", "energy", "", "   ": must map an industry (1 to 100 characters) to a quoted decimal string (at most 4 decimal places) above 0 and at most 10',
      ],
      [
        'EW-FIN',
        { leverageByIndustry: { ['x'.repeat(101)]: '0.8' } },
        `rules.EW-FIN.leverageByIndustry: "${'x'.repeat(101)}": must map an industry (1 to 100 characters) to a quoted decimal string (at most 4 decimal places) above 0 and at most 10`,
      ],
      ['EW-COVER', { coreDays: 0 }, 'rules.EW-COVER.coreDays: must be an integer between 1 and 3650'],
      // Version 2 has no NPS signal (§63): a file still setting npsMax is told so at boot.
      ['EW-CHURN', { npsMax: 6 }, 'rules.EW-CHURN.npsMax: unknown key'],
      [
        'EW-CHURN',
        { holdingsClosedShare: '1.5' },
        'rules.EW-CHURN.holdingsClosedShare: must be a quoted decimal string (at most 4 decimal places) above 0 and at most 1',
      ],
      [
        'EW-CHURN',
        { holdingsWindowDays: 367 },
        'rules.EW-CHURN.holdingsWindowDays: must be an integer between 1 and 366',
      ],
      ['EW-GROUP', { currency: 'cny' }, 'rules.EW-GROUP.currency: must be a three-letter ISO 4217 code'],
      [
        'EW-GROUP',
        { capital: '0' },
        'rules.EW-GROUP.capital: must be a quoted decimal string (at most 4 decimal places) above 0',
      ],
      [
        'EW-GROUP',
        { capital: 2e10 },
        'rules.EW-GROUP.capital: must be a quoted decimal string (at most 4 decimal places) above 0',
      ],
      [
        'EW-GROUP',
        { high: '1.5' },
        'rules.EW-GROUP.high: must be a quoted decimal string (at most 4 decimal places) above 0 and at most 1',
      ],
    ])('%s %j', (ruleId, patch, problem) => {
      expect(problemsOf(fileWith(ruleId, patch))).toEqual([problem]);
    });

    test('leverageByIndustry may be empty, and takes any industry as registered', () => {
      expect(
        validateRiskRules(fileWith('EW-FIN', { leverageByIndustry: {} })).rules['EW-FIN'].leverageByIndustry,
      ).toEqual({});
      const industries = { 'precision tools': '0.75', ['x'.repeat(100)]: '10', 房地产: '0.0001' };
      expect(
        validateRiskRules(fileWith('EW-FIN', { leverageByIndustry: industries })).rules['EW-FIN'].leverageByIndustry,
      ).toEqual(industries);
    });
  });

  describe('order of thresholds', () => {
    test.each<[string, Record<string, unknown>, string]>([
      ['EW-DPD', { mediumDays: 31 }, 'rules.EW-DPD.mediumDays: must not be greater than highDays'],
      ['EW-DPD', { highDays: 90 }, 'rules.EW-DPD.highDays: must be less than criticalDays'],
      [
        'EW-CLASS-FLOOR',
        { specialMentionDays: 91 },
        'rules.EW-CLASS-FLOOR.specialMentionDays: must be less than substandardDays',
      ],
      [
        'EW-CLASS-FLOOR',
        { substandardDays: 300 },
        'rules.EW-CLASS-FLOOR.substandardDays: must be less than doubtfulDays',
      ],
      ['EW-CLASS-FLOOR', { lossDays: 271 }, 'rules.EW-CLASS-FLOOR.doubtfulDays: must be less than lossDays'],
      ['EW-CLASS', { highFrom: 'substandard' }, 'rules.EW-CLASS.highFrom: must be less severe than criticalFrom'],
      ['EW-CLASS', { highFrom: 'doubtful' }, 'rules.EW-CLASS.highFrom: must be less severe than criticalFrom'],
      ['EW-UTIL', { medium: '1.0' }, 'rules.EW-UTIL.medium: must be less than high'],
      ['EW-UTIL', { medium: '1.2' }, 'rules.EW-UTIL.medium: must be less than high'],
      ['EW-COVER', { coreDays: 91 }, 'rules.EW-COVER.coreDays: must not be greater than keyDays'],
      ['EW-GROUP', { medium: '0.3' }, 'rules.EW-GROUP.medium: must not be greater than high'],
    ])('%s %j', (ruleId, patch, problem) => {
      expect(problemsOf(fileWith(ruleId, patch))).toEqual([problem]);
    });

    test('equal thresholds are allowed where "≥" meets ">"', () => {
      expect(problemsOf(fileWith('EW-DPD', { mediumDays: 30 }))).toEqual([]);
      expect(problemsOf(fileWith('EW-COVER', { coreDays: 90 }))).toEqual([]);
    });

    test('order is not checked against a value that is itself invalid', () => {
      expect(problemsOf(fileWith('EW-UTIL', { high: 'lots' }))).toEqual([
        'rules.EW-UTIL.high: must be a quoted decimal string (at most 4 decimal places) above 0 and at most 10',
      ]);
    });
  });
});
