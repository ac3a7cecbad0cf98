import { assertNever } from '@crm/domain';
import type { ClientEvent } from '@crm/domain';
import type { RecordedEvent } from '@crm/event-store';
import { asClientEvent, clientIdOfStream } from '../client-view/recorded-client-event';
import type { ClientTimelineEntry, TimelineDetailValue } from './client-timeline-entry';

type Details = Readonly<Record<string, TimelineDetailValue>>;

/** Maps one recorded client-stream event to its timeline entry. Pure, like the view projection. */
export const toClientTimelineEntry = (recorded: RecordedEvent): ClientTimelineEntry => {
  const event = asClientEvent(recorded);
  return {
    clientId: clientIdOfStream(recorded.streamId),
    revision: recorded.revision,
    position: recorded.position.toString(),
    type: recorded.type,
    occurredAt: recorded.metadata.occurredAt,
    recordedAt: recorded.recordedAt,
    actor: { userId: recorded.metadata.actor.userId, role: recorded.metadata.actor.role },
    // An event type from a newer build still gets its row (the history has no gaps), without details.
    details: event === null ? {} : detailsOf(event),
  };
};

const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

const detailsOf = (event: ClientEvent): Details => {
  switch (event.type) {
    case 'ProspectRegistered':
      return {
        branchId: event.data.branchId,
        segment: event.data.segment,
        industry: event.data.industry,
        source: event.data.source,
      };
    case 'ProspectConverted':
      return { convertedAt: event.data.convertedAt, firstProductCode: orNull(event.data.firstProductCode) };
    case 'ClientProfileUpdated':
      // Which fields changed, never their values.
      return { changedFields: Object.keys(event.data.changes).sort() };
    case 'ManagerAssigned':
      return {
        managerId: event.data.managerId,
        managerLevel: event.data.managerLevel,
        previousManagerId: orNull(event.data.previousManagerId),
      };
    case 'ClientTierChanged':
      return { from: event.data.from, to: event.data.to, annualContribution: orNull(event.data.annualContribution) };
    case 'ContactLogged':
      return {
        contactId: event.data.contactId,
        managerId: event.data.managerId,
        channel: event.data.channel,
        purpose: event.data.purpose,
        occurredAt: event.data.occurredAt,
        followUpDue: orNull(event.data.followUpDue),
      };
    case 'FollowUpCompleted':
      return { contactId: event.data.contactId, completedAt: event.data.completedAt };
    case 'FeedbackForwarded':
      return {
        feedbackId: event.data.feedbackId,
        department: event.data.department,
        productCode: orNull(event.data.productCode),
      };
    case 'FinancialsReported':
      return {
        period: event.data.period,
        revenue: event.data.revenue,
        netProfit: event.data.netProfit,
        totalAssets: event.data.totalAssets,
        totalLiabilities: event.data.totalLiabilities,
        currency: event.data.currency,
      };
    case 'CreditRatingChanged':
      return { from: event.data.from, to: event.data.to, notches: event.data.notches };
    case 'LoanClassificationChanged':
      return { from: event.data.from, to: event.data.to };
    case 'CreditLimitSet':
      return { facilityId: event.data.facilityId, limit: event.data.limit, currency: event.data.currency };
    case 'CreditUtilisationReported':
      return { facilityId: event.data.facilityId, drawn: event.data.drawn };
    case 'PaymentPastDue':
      return {
        facilityId: event.data.facilityId,
        daysPastDue: event.data.daysPastDue,
        amountOverdue: event.data.amountOverdue,
      };
    case 'PastDueCleared':
      return { facilityId: event.data.facilityId };
    case 'RiskFlagRaised':
      return { flagId: event.data.flagId, type: event.data.type, severity: event.data.severity };
    case 'RiskFlagCleared':
      return { flagId: event.data.flagId };
    case 'ProductHoldingOpened':
      return {
        holdingId: event.data.holdingId,
        productCode: event.data.productCode,
        category: event.data.category,
        amount: event.data.amount,
      };
    case 'ProductHoldingClosed':
      return { holdingId: event.data.holdingId };
    case 'SatisfactionRecorded':
      return {
        surveyId: event.data.surveyId,
        kind: event.data.kind,
        score: event.data.score,
        managerId: event.data.managerId,
      };
    case 'ComplaintReceived':
      return { complaintId: event.data.complaintId, category: event.data.category };
    case 'ComplaintResolved':
      return { complaintId: event.data.complaintId };
    case 'PersonalDataErased':
      // Who asked is the entry's actor; the basis is free text and stays in the store.
      return {};
    default:
      return assertNever(event);
  }
};
