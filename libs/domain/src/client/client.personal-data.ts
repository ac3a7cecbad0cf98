import type { RiskCaseEventType } from '../risk-case/risk-case.events';
import { RISK_CASE_PERSONAL_DATA_FIELDS } from '../risk-case/risk-case.personal-data';
import type { ClientEvent, ClientEventType, ContactDetails } from './client.events';

/** What a personal field reads once the client's personal data is erased. */
export const ERASED = '[erased]';

/**
 * Dot paths to the string leaves of T (`contact.phone`), so the table below cannot name a field
 * that does not exist or is not text.
 */
type TextPaths<T, Prefix extends string = ''> = {
  [K in keyof T & string]-?: NonNullable<T[K]> extends string
    ? `${Prefix}${K}`
    : NonNullable<T[K]> extends readonly unknown[]
      ? never
      : NonNullable<T[K]> extends object
        ? TextPaths<NonNullable<T[K]>, `${Prefix}${K}.`>
        : never;
}[keyof T & string];

export type PersonalFieldPath<T extends ClientEventType> = TextPaths<Extract<ClientEvent, { type: T }>['data']>;

/**
 * The personal fields of every client event (docs/security.md, What is personal), as paths to
 * text leaves of the event's data. The event store encrypts exactly these with the client's data
 * key, and they read ERASED once that key is destroyed. Total over the event types, so a new client
 * event does not compile until someone decides which of its fields are personal.
 *
 * `referredBy` (the referrer's name, a third person's data recorded with the registration) is
 * personal too; `changes.industry` is not, like `industry` at registration (a business
 * classification). Reasons, resolutions and survey scores are operational records kept in the
 * clear: staff must not write personal data into them (docs/security.md).
 */
export const PERSONAL_DATA_FIELDS: { readonly [T in ClientEventType]: readonly PersonalFieldPath<T>[] } = {
  ProspectRegistered: ['legalName', 'registrationNo', 'contact.phone', 'contact.email', 'referredBy'],
  ProspectConverted: [],
  ClientProfileUpdated: [
    'changes.legalName',
    'changes.registrationNo',
    'changes.contact.phone',
    'changes.contact.email',
  ],
  ManagerAssigned: [],
  CoverageLapsed: [],
  ClientTierChanged: [],
  ContactLogged: ['summary'],
  FollowUpCompleted: [],
  FeedbackForwarded: ['text'],
  FeedbackStatusChanged: ['answer'],
  FinancialsReported: [],
  CreditRatingChanged: [],
  LoanClassificationChanged: [],
  CreditLimitSet: [],
  FacilityTermsSet: [],
  CreditUtilisationReported: [],
  PaymentPastDue: [],
  PastDueCleared: [],
  RiskFlagRaised: ['note'],
  RiskFlagCleared: [],
  ProductHoldingOpened: [],
  ProductHoldingClosed: [],
  HoldingBalanceReported: [],
  SatisfactionRecorded: ['comment'],
  ComplaintReceived: ['text'],
  ComplaintAcknowledged: [],
  ComplaintEscalated: [],
  ComplaintResolved: [],
  PersonalDataErased: [],
  // A corporate group's name is a business designation, like a segment: kept in the clear.
  ClientGroupFormed: [],
  ClientGroupMemberAdded: [],
  ClientGroupMemberRemoved: [],
  ClientJoinedGroup: [],
  ClientLeftGroup: [],
  // A proposal repeats a credit change (rating, limit, reason): operational, like the change itself.
  CreditChangeProposed: [],
  CreditChangeApproved: [],
  CreditChangeRejected: [],
  VisitPlanned: [],
  VisitCompleted: [],
  VisitCancelled: [],
  TaskCreated: ['title'],
  TaskCompleted: [],
  OpportunityOpened: [],
  OpportunityStageChanged: [],
  OpportunityWon: [],
  OpportunityLost: [],
  BackupManagerAssigned: [],
  BackupManagerRemoved: [],
  SpecialistJoinedTeam: [],
  SpecialistLeftTeam: [],
};

const NONE: readonly string[] = [];

/**
 * The personal field paths of a stored event's type, client or risk case event (both are sealed
 * with the client's key); none for a type this build does not know.
 */
export const personalFieldsOf = (type: string): readonly string[] => {
  if (Object.hasOwn(PERSONAL_DATA_FIELDS, type)) return PERSONAL_DATA_FIELDS[type as ClientEventType];
  if (Object.hasOwn(RISK_CASE_PERSONAL_DATA_FIELDS, type)) {
    return RISK_CASE_PERSONAL_DATA_FIELDS[type as RiskCaseEventType];
  }
  return NONE;
};

/** Contact details as they read after erasure: the same keys, every value ERASED. */
export const erasedContact = (contact: ContactDetails): ContactDetails => ({
  ...(contact.phone === undefined ? {} : { phone: ERASED }),
  ...(contact.email === undefined ? {} : { email: ERASED }),
});
