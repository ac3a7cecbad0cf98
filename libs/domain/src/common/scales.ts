/** Internal credit rating scale, best first; a notch is one step on it. */
export const CREDIT_RATINGS = ['AAA', 'AA', 'A', 'BBB', 'BB', 'B', 'CCC', 'CC', 'C', 'D'] as const;
export type CreditRating = (typeof CREDIT_RATINGS)[number];

/** The five-category loan classification (正常 关注 次级 可疑 损失), best first. */
export const LOAN_CLASSIFICATIONS = ['normal', 'special_mention', 'substandard', 'doubtful', 'loss'] as const;
export type LoanClassification = (typeof LOAN_CLASSIFICATIONS)[number];

export const CLIENT_TIERS = ['core', 'key', 'standard', 'basic'] as const;
export type ClientTier = (typeof CLIENT_TIERS)[number];

export const SEGMENTS = ['corporate', 'sme', 'individual'] as const;
export type Segment = (typeof SEGMENTS)[number];

export const MANAGER_LEVELS = ['associate', 'senior', 'principal'] as const;
export type ManagerLevel = (typeof MANAGER_LEVELS)[number];

export const CONTACT_CHANNELS = ['visit', 'call', 'meeting', 'email', 'event'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const CONTACT_PURPOSES = [
  'consultation',
  'wealth_advice',
  'product_promotion',
  'relationship',
  'risk_review',
  'complaint',
] as const;
export type ContactPurpose = (typeof CONTACT_PURPOSES)[number];

export const RISK_FLAG_TYPES = [
  'litigation',
  'management_change',
  'negative_news',
  'covenant_breach',
  'account_outflow',
  'tax_arrears',
  'fraud_suspicion',
  'other',
] as const;
export type RiskFlagType = (typeof RISK_FLAG_TYPES)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * Kinds of credit facility: a revolving line is drawn and repaid at will (its utilisation is a
 * signal); a term loan is drawn in full by design; guarantees and trade finance are contingent.
 */
export const FACILITY_TYPES = ['revolving', 'term', 'guarantee', 'trade'] as const;
export type FacilityType = (typeof FACILITY_TYPES)[number];

export const PRODUCT_CATEGORIES = ['deposit', 'loan', 'wealth', 'payment', 'fx', 'insurance'] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];

/** Where an open sales opportunity stands, from first interest to terms on the table; won or lost ends it. */
export const OPPORTUNITY_STAGES = ['lead', 'qualified', 'proposal', 'negotiation'] as const;
export type OpportunityStage = (typeof OPPORTUNITY_STAGES)[number];

/** What a specialist on a client's team brings beside the covering manager: products, credit analysis, foreign exchange. */
export const SPECIALIST_ROLES = ['product', 'credit', 'fx'] as const;
export type SpecialistRole = (typeof SPECIALIST_ROLES)[number];

/** Most specialists one client's team holds. */
export const MAX_TEAM_SPECIALISTS = 10;

export const SURVEY_KINDS = ['nps', 'csat'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];

/** Survey score ranges: NPS 0–10, CSAT 1–5. */
export const SURVEY_SCORE_RANGE: Readonly<Record<SurveyKind, readonly [number, number]>> = {
  nps: [0, 10],
  csat: [1, 5],
};

/** Index on a best-first scale; higher is worse. */
export const rank = <T extends string>(scale: readonly T[], value: T): number => scale.indexOf(value);

export const isOn = <T extends string>(scale: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (scale as readonly string[]).includes(value);

/** Managers senior enough to cover a core client (the bank's 80/20 rule). */
export const canCoverCoreClient = (level: ManagerLevel): boolean => level === 'senior' || level === 'principal';

/** How serious a complaint is, as recorded when it is received. */
export const COMPLAINT_SEVERITIES = ['low', 'medium', 'high'] as const;
export type ComplaintSeverity = (typeof COMPLAINT_SEVERITIES)[number];

/** How a complaint reached the bank; `regulator` is one the regulator passed on. */
export const COMPLAINT_CHANNELS = ['branch', 'phone', 'email', 'online', 'letter', 'regulator'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

/** What the bank found when it resolved a complaint. */
export const COMPLAINT_OUTCOMES = ['upheld', 'partially_upheld', 'not_upheld'] as const;
export type ComplaintOutcome = (typeof COMPLAINT_OUTCOMES)[number];

/** The two deadlines a complaint runs against. */
export const COMPLAINT_DEADLINES = ['acknowledgement', 'resolution'] as const;
export type ComplaintDeadline = (typeof COMPLAINT_DEADLINES)[number];
