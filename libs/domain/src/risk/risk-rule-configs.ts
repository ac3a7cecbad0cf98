import type { LoanClassification, Severity } from '../common/scales';

/** What a rules file says per rule (docs/decisions.md §23); validated by risk-rules.config.ts. */
export type RuleSwitch = Readonly<{ version: number; enabled: boolean }>;

/**
 * Days past due on the worst facility: ≥ mediumDays medium, ≥ highDays high, ≥ criticalDays
 * critical. mediumDays equal to highDays leaves no medium band.
 */
export type DpdRuleConfig = RuleSwitch & Readonly<{ mediumDays: number; highDays: number; criticalDays: number }>;

/**
 * The classification floor that arrears impose: from specialMentionDays past due at least special
 * mention, from substandardDays substandard, from doubtfulDays doubtful, from lossDays loss.
 */
export type ClassFloorRuleConfig = RuleSwitch &
  Readonly<{ specialMentionDays: number; substandardDays: number; doubtfulDays: number; lossDays: number }>;

/** A facility more than graceDays past its next review date (medium). */
export type ReviewRuleConfig = RuleSwitch & Readonly<{ graceDays: number }>;

/** A rating of D (default); nothing to tune. */
export type DefaultRuleConfig = RuleSwitch;

/** Classification at or worse than highFrom is high, at or worse than criticalFrom critical. */
export type ClassRuleConfig = RuleSwitch & Readonly<{ highFrom: LoanClassification; criticalFrom: LoanClassification }>;

/** A fall of ≥ notches on the rating scale within windowMonths is high. */
export type RatingRuleConfig = RuleSwitch & Readonly<{ notches: number; windowMonths: number }>;

/** Any open critical flag is critical; ≥ openFlags open flags at openFlagSeverity or worse is high. */
export type FlagsRuleConfig = RuleSwitch & Readonly<{ openFlags: number; openFlagSeverity: Severity }>;

/** drawn/limit of any facility > medium is medium, > high is high. */
export type UtilRuleConfig = RuleSwitch & Readonly<{ medium: string; high: string }>;

/**
 * Latest report: liabilities/assets > the client's industry's limit in leverageByIndustry (industry
 * as registered → ratio), else > leverage; revenue down ≥ revenueDrop on the same period of the
 * previous year; or (netLoss) a loss.
 */
export type FinRuleConfig = RuleSwitch &
  Readonly<{
    leverage: string;
    leverageByIndustry: Readonly<Record<string, string>>;
    revenueDrop: string;
    netLoss: boolean;
  }>;

/** Clock sweep: no contact with a core client for > coreDays, a key client for > keyDays. */
export type CoverRuleConfig = RuleSwitch & Readonly<{ coreDays: number; keyDays: number }>;

/** A core client covered by an associate-level manager; nothing to tune. */
export type CoreMgrRuleConfig = RuleSwitch;

/**
 * A complaint from a core/key client; ≥ holdingsClosedShare of holdings closed within holdingsWindowDays.
 * Version 2 dropped the NPS signal and its npsMax: a detractor is the manager's recovery task (§63).
 */
export type ChurnRuleConfig = RuleSwitch & Readonly<{ holdingsClosedShare: string; holdingsWindowDays: number }>;

/**
 * A corporate group's exposure (each member's facilities in `currency`, the larger of limit and
 * drawn) at or above `medium` of the bank's `capital` is medium, at or above `high` high: the
 * large-exposure watch on connected clients.
 */
export type GroupRuleConfig = RuleSwitch &
  Readonly<{ currency: string; capital: string; medium: string; high: string }>;

export type RiskRuleConfigs = Readonly<{
  'EW-DPD': DpdRuleConfig;
  'EW-CLASS': ClassRuleConfig;
  'EW-CLASS-FLOOR': ClassFloorRuleConfig;
  'EW-DEFAULT': DefaultRuleConfig;
  'EW-RATING': RatingRuleConfig;
  'EW-FLAGS': FlagsRuleConfig;
  'EW-UTIL': UtilRuleConfig;
  'EW-REVIEW': ReviewRuleConfig;
  'EW-FIN': FinRuleConfig;
  'EW-COVER': CoverRuleConfig;
  'EW-CORE-MGR': CoreMgrRuleConfig;
  'EW-CHURN': ChurnRuleConfig;
  'EW-GROUP': GroupRuleConfig;
}>;
