import { ALERT_EVENT_TYPES, CLIENT_EVENT_TYPES, MANAGER_EVENT_TYPES, RISK_CASE_EVENT_TYPES } from '@crm/domain';
import { ClientContextField } from '../fields/message-fields';
import { alertAcknowledgedV1 } from './alert/alert-acknowledged.v1.message';
import { alertEscalatedV1 } from './alert/alert-escalated.v1.message';
import { alertRaisedV1 } from './alert/alert-raised.v1.message';
import { alertReopenedV1 } from './alert/alert-reopened.v1.message';
import { alertResolvedV1 } from './alert/alert-resolved.v1.message';
import { backupManagerAssignedV1 } from './client/backup-manager-assigned.v1.message';
import { backupManagerRemovedV1 } from './client/backup-manager-removed.v1.message';
import { clientGroupFormedV1 } from './client/client-group-formed.v1.message';
import { clientGroupMemberAddedV1 } from './client/client-group-member-added.v1.message';
import { clientGroupMemberRemovedV1 } from './client/client-group-member-removed.v1.message';
import { clientJoinedGroupV1 } from './client/client-joined-group.v1.message';
import { clientLeftGroupV1 } from './client/client-left-group.v1.message';
import { clientProfileUpdatedV1 } from './client/client-profile-updated.v1.message';
import { clientTierChangedV1 } from './client/client-tier-changed.v1.message';
import { complaintAcknowledgedV1 } from './client/complaint-acknowledged.v1.message';
import { complaintEscalatedV1 } from './client/complaint-escalated.v1.message';
import { complaintReceivedV1 } from './client/complaint-received.v1.message';
import { complaintResolvedV1 } from './client/complaint-resolved.v1.message';
import { contactLoggedV1 } from './client/contact-logged.v1.message';
import { creditChangeApprovedV1 } from './client/credit-change-approved.v1.message';
import { creditChangeProposedV1 } from './client/credit-change-proposed.v1.message';
import { creditChangeRejectedV1 } from './client/credit-change-rejected.v1.message';
import { creditLimitSetV1 } from './client/credit-limit-set.v1.message';
import { facilityTermsSetV1 } from './client/facility-terms-set.v1.message';
import { creditRatingChangedV1 } from './client/credit-rating-changed.v1.message';
import { creditUtilisationReportedV1 } from './client/credit-utilisation-reported.v1.message';
import { feedbackForwardedV1 } from './client/feedback-forwarded.v1.message';
import { feedbackStatusChangedV1 } from './client/feedback-status-changed.v1.message';
import { holdingBalanceReportedV1 } from './client/holding-balance-reported.v1.message';
import { financialsReportedV1 } from './client/financials-reported.v1.message';
import { followUpCompletedV1 } from './client/follow-up-completed.v1.message';
import { loanClassificationChangedV1 } from './client/loan-classification-changed.v1.message';
import { coverageLapsedV1 } from './client/coverage-lapsed.v1.message';
import { managerAssignedV1 } from './client/manager-assigned.v1.message';
import { pastDueClearedV1 } from './client/past-due-cleared.v1.message';
import { paymentPastDueV1 } from './client/payment-past-due.v1.message';
import { paymentPastDueV2 } from './client/payment-past-due.v2.message';
import { personalDataErasedV1 } from './client/personal-data-erased.v1.message';
import { productHoldingClosedV1 } from './client/product-holding-closed.v1.message';
import { productHoldingOpenedV1 } from './client/product-holding-opened.v1.message';
import { prospectConvertedV1 } from './client/prospect-converted.v1.message';
import { prospectRegisteredV1 } from './client/prospect-registered.v1.message';
import { riskFlagClearedV1 } from './client/risk-flag-cleared.v1.message';
import { riskFlagRaisedV1 } from './client/risk-flag-raised.v1.message';
import { satisfactionRecordedV1 } from './client/satisfaction-recorded.v1.message';
import { specialistJoinedTeamV1 } from './client/specialist-joined-team.v1.message';
import { specialistLeftTeamV1 } from './client/specialist-left-team.v1.message';
import { taskCompletedV1 } from './client/task-completed.v1.message';
import { opportunityLostV1 } from './client/opportunity-lost.v1.message';
import { opportunityOpenedV1 } from './client/opportunity-opened.v1.message';
import { opportunityStageChangedV1 } from './client/opportunity-stage-changed.v1.message';
import { opportunityWonV1 } from './client/opportunity-won.v1.message';
import { taskCreatedV1 } from './client/task-created.v1.message';
import { visitCancelledV1 } from './client/visit-cancelled.v1.message';
import { visitCompletedV1 } from './client/visit-completed.v1.message';
import { visitPlannedV1 } from './client/visit-planned.v1.message';
import { riskCaseAlertChangedV1 } from './risk-case/risk-case-alert-changed.v1.message';
import { riskCaseAlertJoinedV1 } from './risk-case/risk-case-alert-joined.v1.message';
import { riskCaseAlertResolvedV1 } from './risk-case/risk-case-alert-resolved.v1.message';
import { riskCaseAssignedV1 } from './risk-case/risk-case-assigned.v1.message';
import { riskCaseClosedV1 } from './risk-case/risk-case-closed.v1.message';
import { riskCaseCommentedV1 } from './risk-case/risk-case-commented.v1.message';
import { riskCaseOpenedV1 } from './risk-case/risk-case-opened.v1.message';
import { riskCaseOverdueV1 } from './risk-case/risk-case-overdue.v1.message';
import { managerBranchChangedV1 } from './manager/manager-branch-changed.v1.message';
import { managerAbsenceMarkedV1 } from './manager/manager-absence-marked.v1.message';
import { managerDepartedV1 } from './manager/manager-departed.v1.message';
import { managerLevelChangedV1 } from './manager/manager-level-changed.v1.message';
import { managerRegisteredV1 } from './manager/manager-registered.v1.message';
import { managerReturnedV1 } from './manager/manager-returned.v1.message';
import type { MessageContract, PublishedEventType, StreamKind } from './message-contract';

/**
 * One contract per client, manager, alert and risk case event. Typed as a total map, so a new domain event does not
 * compile until someone decides what of it is published.
 */
const BY_EVENT_TYPE: { readonly [T in PublishedEventType]: MessageContract<T> } = {
  ProspectRegistered: prospectRegisteredV1,
  ProspectConverted: prospectConvertedV1,
  ClientProfileUpdated: clientProfileUpdatedV1,
  ManagerAssigned: managerAssignedV1,
  CoverageLapsed: coverageLapsedV1,
  ClientTierChanged: clientTierChangedV1,
  ContactLogged: contactLoggedV1,
  FollowUpCompleted: followUpCompletedV1,
  FeedbackForwarded: feedbackForwardedV1,
  FeedbackStatusChanged: feedbackStatusChangedV1,
  FinancialsReported: financialsReportedV1,
  CreditRatingChanged: creditRatingChangedV1,
  LoanClassificationChanged: loanClassificationChangedV1,
  CreditLimitSet: creditLimitSetV1,
  FacilityTermsSet: facilityTermsSetV1,
  CreditUtilisationReported: creditUtilisationReportedV1,
  PaymentPastDue: paymentPastDueV2,
  PastDueCleared: pastDueClearedV1,
  RiskFlagRaised: riskFlagRaisedV1,
  RiskFlagCleared: riskFlagClearedV1,
  ProductHoldingOpened: productHoldingOpenedV1,
  ProductHoldingClosed: productHoldingClosedV1,
  HoldingBalanceReported: holdingBalanceReportedV1,
  SatisfactionRecorded: satisfactionRecordedV1,
  ComplaintReceived: complaintReceivedV1,
  ComplaintAcknowledged: complaintAcknowledgedV1,
  ComplaintEscalated: complaintEscalatedV1,
  ComplaintResolved: complaintResolvedV1,
  PersonalDataErased: personalDataErasedV1,
  ClientGroupFormed: clientGroupFormedV1,
  ClientGroupMemberAdded: clientGroupMemberAddedV1,
  ClientGroupMemberRemoved: clientGroupMemberRemovedV1,
  ClientJoinedGroup: clientJoinedGroupV1,
  ClientLeftGroup: clientLeftGroupV1,
  CreditChangeProposed: creditChangeProposedV1,
  CreditChangeApproved: creditChangeApprovedV1,
  CreditChangeRejected: creditChangeRejectedV1,
  VisitPlanned: visitPlannedV1,
  VisitCompleted: visitCompletedV1,
  VisitCancelled: visitCancelledV1,
  TaskCreated: taskCreatedV1,
  TaskCompleted: taskCompletedV1,
  OpportunityOpened: opportunityOpenedV1,
  OpportunityStageChanged: opportunityStageChangedV1,
  OpportunityWon: opportunityWonV1,
  OpportunityLost: opportunityLostV1,
  BackupManagerAssigned: backupManagerAssignedV1,
  BackupManagerRemoved: backupManagerRemovedV1,
  SpecialistJoinedTeam: specialistJoinedTeamV1,
  SpecialistLeftTeam: specialistLeftTeamV1,
  ManagerRegistered: managerRegisteredV1,
  ManagerLevelChanged: managerLevelChangedV1,
  ManagerBranchChanged: managerBranchChangedV1,
  ManagerDeparted: managerDepartedV1,
  ManagerAbsenceMarked: managerAbsenceMarkedV1,
  ManagerReturned: managerReturnedV1,
  AlertRaised: alertRaisedV1,
  AlertAcknowledged: alertAcknowledgedV1,
  AlertEscalated: alertEscalatedV1,
  AlertResolved: alertResolvedV1,
  AlertReopened: alertReopenedV1,
  RiskCaseOpened: riskCaseOpenedV1,
  RiskCaseAlertJoined: riskCaseAlertJoinedV1,
  RiskCaseAlertChanged: riskCaseAlertChangedV1,
  RiskCaseAlertResolved: riskCaseAlertResolvedV1,
  RiskCaseClosed: riskCaseClosedV1,
  RiskCaseAssigned: riskCaseAssignedV1,
  RiskCaseOverdue: riskCaseOverdueV1,
  RiskCaseCommented: riskCaseCommentedV1,
};

/** In catalogue order (client, manager, alert, then risk case events), so generated documents are stable. */
export const MESSAGE_CONTRACTS: readonly MessageContract[] = [
  ...CLIENT_EVENT_TYPES,
  ...MANAGER_EVENT_TYPES,
  ...ALERT_EVENT_TYPES,
  ...RISK_CASE_EVENT_TYPES,
].map((type) => BY_EVENT_TYPE[type]);

/**
 * Every published client message may carry `context`. It comes from the event's metadata, not its
 * data, so it is declared here once rather than in each data class (toIntegrationMessage adds it);
 * superseded versions are left as they were published.
 */
for (const contract of MESSAGE_CONTRACTS) {
  if (contract.stream !== 'client') continue;
  ClientContextField({
    optional: true,
    description:
      'Where the client stood just after this event: branch, segment, tier and covering manager. Absent on events recorded before it was kept.',
  })(contract.dataClass.prototype as object, 'context');
}

/**
 * Older versions of a message type, no longer published. They stay known so a consumer (the risk
 * monitor among them) can still read what is already on a topic, and their schemas stay published.
 */
export const SUPERSEDED_CONTRACTS: readonly MessageContract[] = [paymentPastDueV1];

/** The superseded versions of an event type that are to be published beside its current one. */
export const supersededContractsOf = (eventType: string, published: ReadonlySet<string>): MessageContract[] =>
  SUPERSEDED_CONTRACTS.filter(
    (contract) => contract.eventType === eventType && published.has(contract.integrationType),
  );

/** The names among `types` that are not superseded message types (nothing to publish under them). */
export const unknownSupersededTypes = (types: readonly string[]): string[] =>
  types.filter((type) => !SUPERSEDED_CONTRACTS.some((contract) => contract.integrationType === type));

const BY_INTEGRATION_TYPE = new Map(
  [...MESSAGE_CONTRACTS, ...SUPERSEDED_CONTRACTS].map((contract) => [contract.integrationType, contract]),
);

/** Own-property lookup: a type such as `constructor` or `__proto__` must not find anything. */
export const contractOfEventType = (eventType: string): MessageContract | undefined =>
  Object.hasOwn(BY_EVENT_TYPE, eventType) ? BY_EVENT_TYPE[eventType as PublishedEventType] : undefined;

export const contractOfIntegrationType = (integrationType: string): MessageContract | undefined =>
  BY_INTEGRATION_TYPE.get(integrationType);

export const INTEGRATION_MESSAGE_TYPES: readonly string[] = MESSAGE_CONTRACTS.map(
  (contract) => contract.integrationType,
);

/** 'ContactLogged' -> 'bank.crm.ContactLogged.v1'; null when the event is not published. */
export function integrationTypeOf(eventType: string): string | null {
  return contractOfEventType(eventType)?.integrationType ?? null;
}

/**
 * Which kind of stream a message type comes from. Client and manager messages have the stream's id
 * as `subject`; alert messages have the client as `subject` but count revisions per alert (see
 * dedupeStreamOf). Each kind keeps its own revisions. null for an unknown type.
 */
export function subjectKindOf(integrationType: string): StreamKind | null {
  return contractOfIntegrationType(integrationType)?.stream ?? null;
}

/** The Kafka topic a message type is published on; null for an unknown type. */
export function topicOfIntegrationType(integrationType: string): string | null {
  return contractOfIntegrationType(integrationType)?.topic ?? null;
}
