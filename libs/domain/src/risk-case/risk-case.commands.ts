import type { CalendarCommandMetadata, Command } from '../common/command';
import type { Severity } from '../common/scales';

/**
 * From the case keeper: where one alert about the case's client stands now (not what one event
 * said), so a replayed or repeated sync changes nothing. An open alert opens the case (when the
 * stream is new), joins it, or changes its severity; a resolved one leaves it, and the last
 * leaving closes it. A closed case answers RISK_CASE.CLOSED, so the keeper moves on to the
 * client's next case.
 */
export type TrackCaseAlert = Command<
  'TrackCaseAlert',
  {
    caseId: string;
    clientId: string;
    episode: number;
    alertId: string;
    ruleId: string;
    severity: Severity;
    open: boolean;
  },
  CalendarCommandMetadata
>;

/** An officer takes the case or hands it to someone (a user id). */
export type AssignRiskCase = Command<'AssignRiskCase', { assignee: string }>;

/** From the sweep, with its clock's `now`: overdue once it is past due while open; else nothing. */
export type MarkRiskCaseOverdue = Command<'MarkRiskCaseOverdue', Record<string, never>>;

/**
 * A comment, under an id the caller chose (a repeat with the same id records nothing).
 * `clientErased` is whether the client's personal data was erased, from the client's stream: no
 * new personal text about an erased client.
 */
export type CommentOnRiskCase = Command<
  'CommentOnRiskCase',
  { commentId: string; text: string; clientErased: boolean }
>;

export type RiskCaseCommand = TrackCaseAlert | AssignRiskCase | MarkRiskCaseOverdue | CommentOnRiskCase;
