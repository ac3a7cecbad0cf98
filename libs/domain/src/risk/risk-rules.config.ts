import { toUnits, DECIMAL_PATTERN } from '../common/decimal';
import { CREDIT_RATINGS, LOAN_CLASSIFICATIONS, SEVERITIES } from '../common/scales';
import { isRiskRuleId, RISK_RULE_IDS, type RiskRuleId } from './risk-rule-id';
import { RiskRulesError } from './risk-rules.error';

import type { RiskRuleConfigs, RuleSwitch } from './risk-rule-configs';
import { isMapping } from '../common/config-values';

export type * from './risk-rule-configs';

/**
 * The thresholds of the early-warning rules (docs/decisions.md §23), read from RISK_RULES_FILE and checked
 * here. Every rule has a `version` (an integer, stamped on its alerts so an alert says which
 * definition raised it: bump it when you change a threshold) and `enabled`.
 *
 * Ratios (utilisation, leverage, revenue drop, holdings share) are quoted decimal strings such as
 * '0.9', at most 4 decimal places, compared exactly like the amounts they are applied to; a bare
 * YAML number is refused rather than guessed at, so 0.9 and '0.9' can never mean different things.
 *
 * A file must be complete: every rule, every key. Nothing is merged with the defaults, so what the
 * file says is exactly what runs and a typo cannot silently fall back to a default.
 */
export type RiskRulesConfig = Readonly<{
  rules: RiskRuleConfigs;
  /**
   * The bank's time zone (IANA): arrears age and reviews fall due by the bank's date. Not part of a
   * rules file: it is the deployment's BANK_TIME_ZONE, set by the loader (withTimeZone).
   */
  timeZone: string;
}>;

/** The zone of the shipped defaults; every process sets the configured one. */
export const DEFAULT_RULES_TIME_ZONE = 'Asia/Shanghai';

export const withTimeZone = (config: RiskRulesConfig, timeZone: string): RiskRulesConfig => ({ ...config, timeZone });

/** The values of docs/decisions.md §23; config/risk-rules.yaml ships the same. */
export const DEFAULT_RISK_RULES: RiskRulesConfig = {
  rules: {
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
    'EW-GROUP': { version: 1, enabled: true, currency: 'CNY', capital: '20000000000.00', medium: '0.1', high: '0.25' },
  },
  timeZone: DEFAULT_RULES_TIME_ZONE,
};

/**
 * Upper bounds the state relies on: the risk state keeps rating history and closed holdings only
 * this far back (it is folded without the config), so a window may not reach further.
 */
export const MAX_RATING_WINDOW_MONTHS = 36;
export const MAX_HOLDINGS_WINDOW_DAYS = 366;

// ---------------------------------------------------------------------------------------------
// validation
// ---------------------------------------------------------------------------------------------

type IntegerSpec = Readonly<{ kind: 'integer'; min: number; max: number }>;
type BooleanSpec = Readonly<{ kind: 'boolean' }>;
/** A ratio r with 0 < r ≤ max. */
type RatioSpec = Readonly<{ kind: 'ratio'; max: string }>;
/** A positive amount, a quoted decimal string. */
type AmountSpec = Readonly<{ kind: 'amount' }>;
/** An ISO 4217 code. */
type CurrencySpec = Readonly<{ kind: 'currency' }>;
type ScaleSpec = Readonly<{ kind: 'scale'; scale: readonly string[] }>;
/** Industry → ratio (each as RatioSpec); empty when no industry has a value of its own. */
type IndustryRatiosSpec = Readonly<{ kind: 'industryRatios'; max: string }>;

type SpecFor<V> = V extends boolean
  ? BooleanSpec
  : V extends number
    ? IntegerSpec
    : V extends string
      ? RatioSpec | ScaleSpec | AmountSpec | CurrencySpec
      : IndustryRatiosSpec;

type Thresholds<K extends RiskRuleId> = Omit<RiskRuleConfigs[K], keyof RuleSwitch>;

/** Threshold keys of each rule; the mapped type keeps this in step with the config types. */
type RuleSchema<K extends RiskRuleId> = Readonly<{
  fields: { readonly [F in keyof Thresholds<K>]-?: SpecFor<Thresholds<K>[F]> };
  /** Pairs that must be ordered: `lower` below (or, when `orEqual`, at most) `upper`. */
  order?: ReadonlyArray<
    Readonly<{ lower: keyof Thresholds<K> & string; upper: keyof Thresholds<K> & string; orEqual?: boolean }>
  >;
}>;

const days = (max: number): IntegerSpec => ({ kind: 'integer', min: 1, max });
const ratio = (max: string): RatioSpec => ({ kind: 'ratio', max });

/** Classifications that can raise an alert; 'normal' never does. */
const ADVERSE_CLASSIFICATIONS = LOAN_CLASSIFICATIONS.filter((value) => value !== 'normal');

const SCHEMA: { readonly [K in RiskRuleId]: RuleSchema<K> } = {
  'EW-DPD': {
    fields: { mediumDays: days(3650), highDays: days(3650), criticalDays: days(3650) },
    order: [
      { lower: 'mediumDays', upper: 'highDays', orEqual: true },
      { lower: 'highDays', upper: 'criticalDays' },
    ],
  },
  'EW-CLASS-FLOOR': {
    fields: {
      specialMentionDays: days(3650),
      substandardDays: days(3650),
      doubtfulDays: days(3650),
      lossDays: days(3650),
    },
    order: [
      { lower: 'specialMentionDays', upper: 'substandardDays' },
      { lower: 'substandardDays', upper: 'doubtfulDays' },
      { lower: 'doubtfulDays', upper: 'lossDays' },
    ],
  },
  'EW-DEFAULT': { fields: {} },
  'EW-CLASS': {
    fields: {
      highFrom: { kind: 'scale', scale: ADVERSE_CLASSIFICATIONS },
      criticalFrom: { kind: 'scale', scale: ADVERSE_CLASSIFICATIONS },
    },
    order: [{ lower: 'highFrom', upper: 'criticalFrom' }],
  },
  'EW-RATING': {
    fields: {
      notches: { kind: 'integer', min: 1, max: CREDIT_RATINGS.length - 1 },
      windowMonths: { kind: 'integer', min: 1, max: MAX_RATING_WINDOW_MONTHS },
    },
  },
  'EW-FLAGS': {
    fields: {
      openFlags: { kind: 'integer', min: 1, max: 100 },
      openFlagSeverity: { kind: 'scale', scale: SEVERITIES },
    },
  },
  'EW-UTIL': {
    fields: { medium: ratio('10'), high: ratio('10') },
    order: [{ lower: 'medium', upper: 'high' }],
  },
  'EW-REVIEW': { fields: { graceDays: { kind: 'integer', min: 0, max: 365 } } },
  'EW-FIN': {
    fields: {
      leverage: ratio('10'),
      leverageByIndustry: { kind: 'industryRatios', max: '10' },
      revenueDrop: ratio('1'),
      netLoss: { kind: 'boolean' },
    },
  },
  'EW-COVER': {
    fields: { coreDays: days(3650), keyDays: days(3650) },
    // Core clients matter most: they may never wait longer for a contact than key clients.
    order: [{ lower: 'coreDays', upper: 'keyDays', orEqual: true }],
  },
  'EW-CORE-MGR': { fields: {} },
  'EW-CHURN': {
    fields: {
      holdingsClosedShare: ratio('1'),
      holdingsWindowDays: days(MAX_HOLDINGS_WINDOW_DAYS),
    },
  },
  'EW-GROUP': {
    fields: { currency: { kind: 'currency' }, capital: { kind: 'amount' }, medium: ratio('1'), high: ratio('1') },
    order: [{ lower: 'medium', upper: 'high', orEqual: true }],
  },
};

const SWITCH_FIELDS: Readonly<Record<keyof RuleSwitch, IntegerSpec | BooleanSpec>> = {
  version: { kind: 'integer', min: 1, max: 1_000_000 },
  enabled: { kind: 'boolean' },
};

type FieldSpec = IntegerSpec | BooleanSpec | RatioSpec | ScaleSpec | IndustryRatiosSpec | AmountSpec | CurrencySpec;

/** SCHEMA as the validator walks it, by key name. */
type LooseSchema = Readonly<{
  fields: Readonly<Record<string, FieldSpec>>;
  order?: ReadonlyArray<Readonly<{ lower: string; upper: string; orEqual?: boolean }>>;
}>;

const own = (record: Readonly<Record<string, unknown>>, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(record, key);

const isRatio = (value: unknown, max: string): boolean =>
  typeof value === 'string' && DECIMAL_PATTERN.test(value) && toUnits(value) > 0n && toUnits(value) <= toUnits(max);

const ratioRule = (max: string): string =>
  `a quoted decimal string (at most 4 decimal places) above 0 and at most ${max}`;

/** Industries are free text as registered (the API takes up to 100 characters); a key matches exactly. */
const MAX_INDUSTRY_LENGTH = 100;

const isIndustry = (key: string): boolean => key.trim().length > 0 && key.length <= MAX_INDUSTRY_LENGTH;

/** Returns the problem with a value, or null when it fits its spec. */
const checkValue = (spec: FieldSpec, value: unknown): string | null => {
  switch (spec.kind) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && value >= spec.min && value <= spec.max
        ? null
        : `must be an integer between ${spec.min} and ${spec.max}`;
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'ratio':
      return isRatio(value, spec.max) ? null : `must be ${ratioRule(spec.max)}`;
    case 'industryRatios': {
      if (!isMapping(value)) return `must be a mapping of industry to ${ratioRule(spec.max)}`;
      const bad = Object.entries(value).filter(
        ([industry, ratio]) => !isIndustry(industry) || !isRatio(ratio, spec.max),
      );
      return bad.length === 0
        ? null
        : `${bad.map(([industry]) => JSON.stringify(industry)).join(', ')}: must map an industry (1 to ${MAX_INDUSTRY_LENGTH} characters) to ${ratioRule(spec.max)}`;
    }
    case 'scale':
      return typeof value === 'string' && spec.scale.includes(value) ? null : `must be one of ${spec.scale.join(', ')}`;
    case 'amount':
      return typeof value === 'string' && DECIMAL_PATTERN.test(value) && toUnits(value) > 0n
        ? null
        : 'must be a quoted decimal string (at most 4 decimal places) above 0';
    case 'currency':
      return typeof value === 'string' && /^[A-Z]{3}$/.test(value) ? null : 'must be a three-letter ISO 4217 code';
  }
};

/** Orders two valid values of the same spec; scales order best first. */
const compareValues = (spec: FieldSpec, a: unknown, b: unknown): number => {
  if (spec.kind === 'ratio' || spec.kind === 'amount') {
    const diff = toUnits(String(a)) - toUnits(String(b));
    return diff === 0n ? 0 : diff < 0n ? -1 : 1;
  }
  if (spec.kind === 'scale') return spec.scale.indexOf(String(a)) - spec.scale.indexOf(String(b));
  return Number(a) - Number(b);
};

const orderProblem = (spec: FieldSpec, upper: string, orEqual: boolean): string => {
  if (spec.kind === 'scale') return `must be less severe than ${upper}`;
  return orEqual ? `must not be greater than ${upper}` : `must be less than ${upper}`;
};

const validateRule = (id: RiskRuleId, raw: unknown, problems: string[]): Readonly<Record<string, unknown>> | null => {
  const path = `rules.${id}`;
  if (!isMapping(raw)) {
    problems.push(`${path}: must be a mapping of settings`);
    return null;
  }
  const schema: LooseSchema = SCHEMA[id];
  const specs: Readonly<Record<string, FieldSpec>> = { ...SWITCH_FIELDS, ...schema.fields };
  const before = problems.length;
  for (const key of Object.keys(raw)) {
    if (!own(specs, key)) problems.push(`${path}.${key}: unknown key`);
  }
  const values: Record<string, unknown> = {};
  const valid = new Set<string>();
  for (const [key, spec] of Object.entries(specs)) {
    if (!own(raw, key)) {
      problems.push(`${path}.${key}: is required`);
      continue;
    }
    const problem = checkValue(spec, raw[key]);
    if (problem === null) {
      values[key] = raw[key];
      valid.add(key);
    } else {
      problems.push(`${path}.${key}: ${problem}`);
    }
  }
  for (const { lower, upper, orEqual = false } of schema.order ?? []) {
    // Order is checked only between values that are valid on their own, to report one problem per cause.
    if (!valid.has(lower) || !valid.has(upper)) continue;
    const spec = specs[lower];
    if (spec === undefined) continue;
    const comparison = compareValues(spec, values[lower], values[upper]);
    if (comparison > 0 || (comparison === 0 && !orEqual)) {
      problems.push(`${path}.${lower}: ${orderProblem(spec, upper, orEqual)}`);
    }
  }
  return problems.length === before ? values : null;
};

/**
 * Checks a parsed risk-rules file (YAML or JSON, already parsed) and returns it typed. Throws a
 * RiskRulesError listing every problem: unknown or missing rules and keys, wrong types, values
 * out of range, and thresholds out of order.
 */
export const validateRiskRules = (raw: unknown): RiskRulesConfig => {
  const problems: string[] = [];
  if (!isMapping(raw)) throw new RiskRulesError(['config: must be a mapping with one key, rules']);
  for (const key of Object.keys(raw)) {
    if (key !== 'rules') problems.push(`${key}: unknown key`);
  }
  const rules = raw['rules'];
  if (!own(raw, 'rules') || !isMapping(rules)) {
    problems.push('rules: must be a mapping of rule id to settings');
    throw new RiskRulesError(problems);
  }
  for (const key of Object.keys(rules)) {
    if (!isRiskRuleId(key)) {
      problems.push(`rules.${key}: unknown rule id (known: ${RISK_RULE_IDS.join(', ')})`);
    }
  }
  const validated: Record<string, Readonly<Record<string, unknown>>> = {};
  for (const id of RISK_RULE_IDS) {
    if (!own(rules, id)) {
      problems.push(`rules.${id}: is required (a rules file lists every rule; nothing is taken from the defaults)`);
      continue;
    }
    const values = validateRule(id, rules[id], problems);
    if (values !== null) validated[id] = values;
  }
  if (problems.length > 0) throw new RiskRulesError(problems);
  // Every rule and key has been checked against SCHEMA, whose mapped type mirrors RiskRuleConfigs.
  return { rules: validated as unknown as RiskRuleConfigs, timeZone: DEFAULT_RULES_TIME_ZONE };
};
