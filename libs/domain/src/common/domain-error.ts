/**
 * How an error maps to a caller's expectations; the HTTP layer maps each kind to one status in
 * one place, so deciders never know about HTTP.
 */
export type DomainErrorKind = 'not_found' | 'conflict' | 'rule_violation' | 'invalid' | 'forbidden';

export type DomainErrorCode =
  | 'CLIENT.NOT_FOUND'
  | 'CLIENT.ALREADY_EXISTS'
  | 'CLIENT.ALREADY_CONVERTED'
  | 'CLIENT.NOT_CONVERTED'
  | 'CLIENT.MANAGER_REQUIRED'
  | 'CLIENT.CORE_TIER_NEEDS_SENIOR_MANAGER'
  | 'CLIENT.NO_CHANGE'
  | 'CLIENT.INVALID_VALUE'
  /** The client's personal data was erased: a command that would record new personal data is refused. */
  | 'CLIENT.PERSONAL_DATA_ERASED'
  | 'CONTACT.NOT_FOUND'
  | 'CONTACT.FOLLOW_UP_NOT_DUE'
  | 'CONTACT.FOLLOW_UP_ALREADY_COMPLETED'
  | 'CONTACT.ALREADY_LOGGED'
  | 'FACILITY.NOT_FOUND'
  | 'FACILITY.NOT_PAST_DUE'
  | 'FACILITY.CURRENCY_MISMATCH'
  | 'FACILITY.TYPE_MISMATCH'
  | 'RISK_FLAG.NOT_FOUND'
  | 'RISK_FLAG.ALREADY_CLEARED'
  | 'RISK_FLAG.ALREADY_RAISED'
  | 'PRODUCT.NOT_FOUND'
  | 'PRODUCT.ALREADY_CLOSED'
  | 'PRODUCT.ALREADY_OPENED'
  | 'PRODUCT.CURRENCY_MISMATCH'
  | 'COMPLAINT.NOT_FOUND'
  | 'COMPLAINT.ALREADY_RESOLVED'
  | 'COMPLAINT.ALREADY_RECEIVED'
  | 'COMPLAINT.ALREADY_ACKNOWLEDGED'
  /** No such feedback in the queue of the department that names it (another department's is unknown to it). */
  | 'FEEDBACK.NOT_FOUND'
  /** A feedback status moves one step at a time (feedback-status.ts): a jump, or a move out of a closed one. */
  | 'FEEDBACK.INVALID_TRANSITION'
  | 'MANAGER.NOT_FOUND'
  | 'MANAGER.ALREADY_EXISTS'
  | 'MANAGER.INACTIVE'
  | 'MANAGER.INVALID_VALUE'
  /** A handover names a client the departing manager does not cover (any more). */
  | 'HANDOVER.CLIENT_NOT_COVERED'
  | 'GROUP.NOT_FOUND'
  /** A client is in one corporate group at a time. */
  | 'GROUP.ALREADY_IN_GROUP'
  | 'GROUP.PARENT_CANNOT_LEAVE'
  | 'ALERT.NOT_FOUND'
  | 'ALERT.RESOLVED'
  | 'ALERT.NOT_RESOLVED'
  | 'ALERT.ALREADY_ACKNOWLEDGED'
  | 'ALERT.SEVERITY_DOWNGRADE'
  | 'ALERT.FOUR_EYES_REQUIRED'
  | 'ALERT.INVALID_VALUE'
  | 'RISK_CASE.NOT_FOUND'
  | 'RISK_CASE.CLOSED'
  | 'RISK_CASE.INVALID_VALUE'
  | 'CREDIT_PROPOSAL.NOT_FOUND'
  | 'CREDIT_PROPOSAL.DECIDED'
  /** Maker–checker: whoever proposed a credit change may not approve it. */
  | 'CREDIT_PROPOSAL.FOUR_EYES_REQUIRED'
  | 'CREDIT_PROPOSAL.INVALID_VALUE'
  | 'DEPARTMENT.INVALID_VALUE'
  /** A branch's quarter recorded below its satisfaction target with figures that are not (or malformed ones). */
  | 'SATISFACTION.INVALID_VALUE'
  | 'VISIT.NOT_FOUND'
  | 'VISIT.ALREADY_PLANNED'
  /** The visit was completed or cancelled already. */
  | 'VISIT.CLOSED'
  | 'TASK.NOT_FOUND'
  | 'TASK.ALREADY_CREATED'
  | 'TASK.ALREADY_COMPLETED'
  | 'OPPORTUNITY.NOT_FOUND'
  | 'OPPORTUNITY.ALREADY_OPENED'
  /** The opportunity was won or lost already. */
  | 'OPPORTUNITY.CLOSED'
  /** The client's backup manager, or a specialist on its team, would be its covering manager. */
  | 'CLIENT.BACKUP_IS_PRIMARY'
  | 'CLIENT.SPECIALIST_IS_PRIMARY'
  /** The client's team holds its most specialists already. */
  | 'CLIENT.TEAM_FULL'
  | 'SPECIALIST.NOT_FOUND'
  /** A risk-rules file that fails validation; raised at boot as RiskRulesError, never by a decider. */
  | 'RISK_RULES.INVALID';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    readonly kind: DomainErrorKind,
    message: string,
    /** Field-level detail for the caller; never personal data. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (code: DomainErrorCode, message: string) => new DomainError(code, 'not_found', message);
export const conflict = (code: DomainErrorCode, message: string) => new DomainError(code, 'conflict', message);
export const ruleViolation = (code: DomainErrorCode, message: string, field?: string) =>
  new DomainError(code, 'rule_violation', message, field);
/** The caller may do this kind of thing, but not this one (their own proposal, say). */
export const forbiddenHere = (code: DomainErrorCode, message: string) => new DomainError(code, 'forbidden', message);
export const invalid = (code: DomainErrorCode, message: string, field: string) =>
  new DomainError(code, 'invalid', message, field);
