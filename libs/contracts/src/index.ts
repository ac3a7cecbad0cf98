export * from './topics';
export * from './source-event';
export * from './integration-message';
export { dataschemaOf, ENVELOPE_SCHEMA_ID, SCHEMA_BASE_URI } from './integration-type';
export * from './integration-contract.error';
export * from './to-integration-message';
export * from './parse-integration-message';
export * from './dedupe-stream';
export {
  INTEGRATION_MESSAGE_TYPES,
  integrationTypeOf,
  subjectKindOf,
  topicOfIntegrationType,
  unknownSupersededTypes,
} from './messages/contract-registry';
export type { StreamKind } from './messages/message-contract';
export { CloudEventEnvelope } from './envelope/cloud-event-envelope';
export { ProspectRegisteredV1Data } from './messages/client/prospect-registered.v1.message';
export { ProspectConvertedV1Data } from './messages/client/prospect-converted.v1.message';
export {
  ClientProfileUpdatedV1Data,
  PROFILE_FIELDS,
  type ProfileField,
} from './messages/client/client-profile-updated.v1.message';
export { ManagerAssignedV1Data } from './messages/client/manager-assigned.v1.message';
export { CoverageLapsedV1Data } from './messages/client/coverage-lapsed.v1.message';
export { ClientTierChangedV1Data } from './messages/client/client-tier-changed.v1.message';
export { ContactLoggedV1Data } from './messages/client/contact-logged.v1.message';
export { FollowUpCompletedV1Data } from './messages/client/follow-up-completed.v1.message';
export { FeedbackForwardedV1Data } from './messages/client/feedback-forwarded.v1.message';
export { FeedbackStatusChangedV1Data } from './messages/client/feedback-status-changed.v1.message';
export { FinancialsReportedV1Data } from './messages/client/financials-reported.v1.message';
export { CreditRatingChangedV1Data } from './messages/client/credit-rating-changed.v1.message';
export { LoanClassificationChangedV1Data } from './messages/client/loan-classification-changed.v1.message';
export { CreditLimitSetV1Data } from './messages/client/credit-limit-set.v1.message';
export { CreditUtilisationReportedV1Data } from './messages/client/credit-utilisation-reported.v1.message';
export { PaymentPastDueV1Data } from './messages/client/payment-past-due.v1.message';
export { FacilityTermsSetV1Data } from './messages/client/facility-terms-set.v1.message';
export { PaymentPastDueV2Data } from './messages/client/payment-past-due.v2.message';
export { PastDueClearedV1Data } from './messages/client/past-due-cleared.v1.message';
export { RiskFlagRaisedV1Data } from './messages/client/risk-flag-raised.v1.message';
export { RiskFlagClearedV1Data } from './messages/client/risk-flag-cleared.v1.message';
export { ProductHoldingOpenedV1Data } from './messages/client/product-holding-opened.v1.message';
export { ProductHoldingClosedV1Data } from './messages/client/product-holding-closed.v1.message';
export { HoldingBalanceReportedV1Data } from './messages/client/holding-balance-reported.v1.message';
export { ClientGroupFormedV1Data } from './messages/client/client-group-formed.v1.message';
export { ClientGroupMemberAddedV1Data } from './messages/client/client-group-member-added.v1.message';
export { ClientGroupMemberRemovedV1Data } from './messages/client/client-group-member-removed.v1.message';
export { ClientJoinedGroupV1Data } from './messages/client/client-joined-group.v1.message';
export { ClientLeftGroupV1Data } from './messages/client/client-left-group.v1.message';
export { SatisfactionRecordedV1Data } from './messages/client/satisfaction-recorded.v1.message';
export { ComplaintReceivedV1Data } from './messages/client/complaint-received.v1.message';
export { ComplaintAcknowledgedV1Data } from './messages/client/complaint-acknowledged.v1.message';
export { ComplaintEscalatedV1Data } from './messages/client/complaint-escalated.v1.message';
export { ComplaintResolvedV1Data } from './messages/client/complaint-resolved.v1.message';
export { PersonalDataErasedV1Data } from './messages/client/personal-data-erased.v1.message';
export { ManagerRegisteredV1Data } from './messages/manager/manager-registered.v1.message';
export { ManagerLevelChangedV1Data } from './messages/manager/manager-level-changed.v1.message';
export { ManagerBranchChangedV1Data } from './messages/manager/manager-branch-changed.v1.message';
export { ManagerDepartedV1Data } from './messages/manager/manager-departed.v1.message';
export { AlertRaisedV1Data } from './messages/alert/alert-raised.v1.message';
export { AlertAcknowledgedV1Data } from './messages/alert/alert-acknowledged.v1.message';
export { AlertEscalatedV1Data } from './messages/alert/alert-escalated.v1.message';
export { AlertResolvedV1Data } from './messages/alert/alert-resolved.v1.message';
export { AlertReopenedV1Data } from './messages/alert/alert-reopened.v1.message';
export { ClientStateV1, CLIENT_STATE_SCHEMA_ID, CLIENT_STATE_TYPE } from './state/client-state.v1';
export { toClientStateRecord, type ClientStateRecord } from './state/to-client-state-record';
export { INBOUND_FACT_CONTRACTS, inboundFactContractOf } from './inbound/inbound-fact-registry';
export type { InboundFactContract } from './inbound/inbound-fact-contract';
export { parseInboundFact, type InboundFact, type InboundParseResult } from './inbound/parse-inbound-fact';
export { InboundCloudEvent } from './inbound/inbound-envelope';
export { INBOUND_PRODUCERS, INBOUND_ENVELOPE_SCHEMA_ID, type InboundProducer } from './inbound/inbound-patterns';
export { PastDueReportedV1Data } from './inbound/facts/past-due-reported.v1.fact';
export { PastDueCuredV1Data } from './inbound/facts/past-due-cured.v1.fact';
export { UtilisationReportedV1Data } from './inbound/facts/utilisation-reported.v1.fact';
export { CreditLimitChangedV1Data } from './inbound/facts/credit-limit-changed.v1.fact';
export { HoldingBalanceReportedFactV1Data } from './inbound/facts/holding-balance-reported.v1.fact';
export { HoldingClosedV1Data } from './inbound/facts/holding-closed.v1.fact';
export { SatisfactionAnsweredV1Data } from './inbound/facts/satisfaction-answered.v1.fact';
