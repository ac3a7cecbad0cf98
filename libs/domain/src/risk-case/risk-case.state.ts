import type { Severity } from '../common/scales';

export type CaseAlertState = Readonly<{ ruleId: string; severity: Severity; open: boolean }>;

/**
 * What the case decider needs to know about one case, folded from its stream. Cases hold ids,
 * rules and severities only; nothing here is personal data.
 */
export type ExistingRiskCaseState = Readonly<{
  status: 'open' | 'closed';
  caseId: string;
  clientId: string;
  episode: number;
  /** Every alert that ever joined, by id; resolved ones stay with `open: false`. */
  alerts: Readonly<Record<string, CaseAlertState>>;
  severity: Severity;
  dueBy: string;
  assignee: string | null;
  overdue: boolean;
  /** Ids of the comments recorded, so a repeated comment records nothing. */
  commentIds: readonly string[];
}>;

export type RiskCaseState = Readonly<{ status: 'none' }> | ExistingRiskCaseState;

export const initialRiskCaseState: RiskCaseState = { status: 'none' };
