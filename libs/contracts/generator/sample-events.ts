import { clientContextOf, clientDecider, type ClientEvent } from '@crm/domain';
import type { SourceEvent } from '../src/source-event';
import type { PublishedEventType } from '../src/messages/message-contract';
import { cancelledVisitSamples, completedTaskSamples, completedVisitSamples } from './agenda-sample-events';
import { lostOpportunitySamples, wonOpportunitySamples } from './pipeline-sample-events';
import { complaintSamples } from './complaint-sample-events';
import { teamSamples } from './team-sample-events';
import { approvedDowngradeSamples, rejectedFlagClearanceSamples } from './credit-proposal-sample-events';
import { MANAGER_ID, MANAGER_SAMPLES, MANAGER_STREAM } from './manager-sample-events';
import { sample } from './sample';

/**
 * One realistic stored event per published type, personal fields included as the store holds
 * them. The generator turns them into the examples of the docs (so every example passes its own
 * schema) and the specs use them as the happy path.
 */
const CLIENT_ID = '0190a4c2-6f1e-7a3b-9c4d-5e6f7a8b9c0d';
const CLIENT_STREAM = `client-${CLIENT_ID}`;
/** A client of the sample group, and another group the sample client belongs to for a while. */
const GROUP_MEMBER_ID = '0190a4c2-7a2b-7c3d-8e4f-5a6b7c8d9e0f';
const OTHER_GROUP_ID = '0190a4c2-8b3c-7d4e-9f5a-6b7c8d9e0f1a';
/** Composed by the risk monitor as `<ruleId>.<clientId>.<episode>`; opaque to consumers. */
const ALERT_ID = `EW-DPD.${CLIENT_ID}.1`;
const ALERT_STREAM = `alert-${ALERT_ID}`;
const RISK_OFFICER = 'u-risk-officer-7';
const UTIL_ALERT_ID = `EW-UTIL.${CLIENT_ID}.1`;
/** Cases are `<clientId>.<episode>`; opaque to consumers. */
const CASE_ID = `${CLIENT_ID}.1`;
const CASE_STREAM = `risk-case-${CASE_ID}`;

/** One client's life; listed by topic, committed in time order (see recordAll). */
const CLIENT_SAMPLES = [
  sample('2025-02-20T02:10:00.000Z', 'ProspectRegistered', {
    clientId: CLIENT_ID,
    branchId: 'BR-SH-001',
    segment: 'corporate',
    industry: 'manufacturing',
    legalName: 'Shanghai Precision Tools Co., Ltd.',
    registrationNo: '91310000MA1FL0000X',
    contact: { phone: '+86 21 5555 0100', email: 'treasury@precision-tools.example' },
    source: 'referral',
    referredBy: 'Wang Wei, supplier',
  }),
  sample('2025-03-04T02:15:00.000Z', 'ProspectConverted', {
    convertedAt: '2025-03-04T02:15:00.000Z',
    firstProductCode: 'DEP-CORP-CURRENT',
  }),
  sample('2025-03-05T07:40:00.000Z', 'ClientProfileUpdated', {
    changes: { legalName: 'Shanghai Precision Tools Group Co., Ltd.', industry: 'technology' },
  }),
  sample('2025-03-06T01:30:00.000Z', 'ManagerAssigned', {
    managerId: MANAGER_ID,
    managerLevel: 'senior',
    previousManagerId: 'M-10003',
    reason: 'core client needs a senior manager',
  }),
  sample('2025-03-07T03:00:00.000Z', 'ClientTierChanged', {
    from: 'key',
    to: 'core',
    annualContribution: '1850000.00',
    reason: 'annual review 2025',
  }),
  sample('2025-03-10T06:30:00.000Z', 'ContactLogged', {
    contactId: '0190a4c3-1a2b-7c3d-8e4f-5a6b7c8d9e0f',
    managerId: MANAGER_ID,
    channel: 'visit',
    purpose: 'risk_review',
    summary: 'CFO Li Na explained the delayed receivables from two distributors.',
    occurredAt: '2025-03-10T06:30:00.000Z',
    followUpDue: '2025-03-17T06:30:00.000Z',
  }),
  ...completedVisitSamples(MANAGER_ID, '0190a4c3-1a2b-7c3d-8e4f-5a6b7c8d9e0f'),
  sample('2025-03-14T08:00:00.000Z', 'FollowUpCompleted', {
    contactId: '0190a4c3-1a2b-7c3d-8e4f-5a6b7c8d9e0f',
    completedAt: '2025-03-14T08:00:00.000Z',
  }),
  sample('2025-03-14T08:20:00.000Z', 'FeedbackForwarded', {
    feedbackId: '0190a4c3-2b3c-7d4e-9f5a-6b7c8d9e0f1a',
    department: 'product',
    productCode: 'FX-FWD-3M',
    theme: 'features',
    text: 'Would like a longer FX forward tenor.',
  }),
  sample('2025-03-20T06:00:00.000Z', 'FeedbackStatusChanged', {
    feedbackId: '0190a4c3-2b3c-7d4e-9f5a-6b7c8d9e0f1a',
    department: 'product',
    status: 'under_review',
    answer: 'Tenors beyond three months are on the treasury desk’s list for the third quarter.',
    changedBy: 'u-product-1',
    changedAt: '2025-03-20T06:00:00.000Z',
  }),
  sample('2025-04-15T02:00:00.000Z', 'FinancialsReported', {
    period: '2024',
    revenue: '182500000.00',
    netProfit: '-3200000.00',
    totalAssets: '410000000.00',
    totalLiabilities: '352000000.00',
    currency: 'CNY',
  }),
  ...approvedDowngradeSamples(CLIENT_ID, RISK_OFFICER),
  sample('2025-04-18T06:00:00.000Z', 'CreditRatingChanged', {
    from: 'BBB',
    to: 'BB',
    notches: 1,
    reason: 'net loss in 2024',
  }),
  sample('2025-05-13T01:05:00.000Z', 'LoanClassificationChanged', {
    from: 'normal',
    to: 'special_mention',
    reason: '12 days past due',
  }),
  sample('2025-03-20T03:00:00.000Z', 'CreditLimitSet', {
    facilityId: 'FAC-2025-0042',
    limit: '50000000.00',
    currency: 'CNY',
  }),
  sample('2025-03-20T03:00:00.000Z', 'FacilityTermsSet', {
    facilityId: 'FAC-2025-0042',
    type: 'revolving',
    maturityDate: '2028-03-19',
    nextReviewDate: '2026-03-19',
  }),
  sample('2025-04-30T16:00:00.000Z', 'CreditUtilisationReported', {
    facilityId: 'FAC-2025-0042',
    drawn: '46250000.00',
  }),
  sample('2025-05-13T01:00:00.000Z', 'PaymentPastDue', {
    facilityId: 'FAC-2025-0042',
    overdueSince: '2025-05-01',
    daysPastDue: 12,
    amountOverdue: '1250000.00',
  }),
  ...completedTaskSamples(MANAGER_ID),
  ...wonOpportunitySamples(MANAGER_ID),
  sample('2025-05-21T09:10:00.000Z', 'PastDueCleared', { facilityId: 'FAC-2025-0042' }),
  sample('2025-05-22T03:45:00.000Z', 'RiskFlagRaised', {
    flagId: '0190a4c3-3c4d-7e5f-8a6b-7c8d9e0f1a2b',
    type: 'litigation',
    severity: 'high',
    note: 'Supplier filed suit at Shanghai No. 1 Intermediate Court.',
  }),
  ...cancelledVisitSamples(),
  ...lostOpportunitySamples(),
  ...teamSamples(),
  ...rejectedFlagClearanceSamples(CLIENT_ID, RISK_OFFICER),
  sample('2025-06-16T07:30:00.000Z', 'RiskFlagCleared', {
    flagId: '0190a4c3-3c4d-7e5f-8a6b-7c8d9e0f1a2b',
    reason: 'court case settled',
  }),
  sample('2025-03-21T02:00:00.000Z', 'ProductHoldingOpened', {
    holdingId: '0190a4c3-4d5e-7f6a-9b7c-8d9e0f1a2b3c',
    productCode: 'WM-FIXED-90D',
    category: 'wealth',
    amount: '5000000.00',
  }),
  sample('2025-05-01T01:30:00.000Z', 'HoldingBalanceReported', {
    holdingId: '0190a4c3-4d5e-7f6a-9b7c-8d9e0f1a2b3c',
    balance: '5061250.00',
    currency: 'CNY',
    asOf: '2025-04-30',
  }),
  sample('2025-06-19T02:00:00.000Z', 'ProductHoldingClosed', {
    holdingId: '0190a4c3-4d5e-7f6a-9b7c-8d9e0f1a2b3c',
    reason: 'matured',
  }),
  sample('2025-06-20T10:00:00.000Z', 'SatisfactionRecorded', {
    surveyId: '0190a4c3-5e6f-7a7b-8c8d-9e0f1a2b3c4d',
    kind: 'nps',
    score: 6,
    comment: 'Transfers take too long.',
    managerId: MANAGER_ID,
  }),
  ...complaintSamples(MANAGER_ID),
  sample('2025-06-30T10:00:05.000Z', 'CoverageLapsed', {
    managerId: MANAGER_ID,
    departedAt: '2025-06-30T10:00:00.000Z',
  }),
  sample('2025-07-01T02:00:00.000Z', 'ClientGroupFormed', {
    groupId: CLIENT_ID,
    name: 'SP Group',
    managerId: MANAGER_ID,
  }),
  sample('2025-07-01T02:05:00.000Z', 'ClientGroupMemberAdded', { clientId: GROUP_MEMBER_ID }),
  sample('2025-09-15T03:00:00.000Z', 'ClientGroupMemberRemoved', { clientId: GROUP_MEMBER_ID }),
  sample('2025-07-02T02:00:00.000Z', 'ClientJoinedGroup', { groupId: OTHER_GROUP_ID }),
  sample('2025-09-16T02:00:00.000Z', 'ClientLeftGroup', { groupId: OTHER_GROUP_ID }),
  sample('2025-12-01T02:00:00.000Z', 'PersonalDataErased', {
    requestedBy: 'u-dpo-2',
    basis: 'PIPL art. 47 request, ticket DPO-2025-0117',
  }),
] as const;

/**
 * One alert's life, raised on the client's past-due payment. `evidence` names the samples whose
 * events the rule read; their ids are filled in once every sample has one (see recordAll).
 */
const ALERT_SAMPLES = [
  sample('2025-05-13T01:00:04.000Z', 'AlertRaised', {
    alertId: ALERT_ID,
    clientId: CLIENT_ID,
    ruleId: 'EW-DPD',
    ruleVersion: 3,
    episode: 1,
    severity: 'medium',
    reason: 'facility FAC-2025-0042 is 12 days past due',
    evidence: ['PaymentPastDue'],
    raisedAt: '2025-05-13T01:00:04.000Z',
    dueBy: '2025-05-15T01:00:04.000Z',
  }),
  sample('2025-05-13T01:03:00.000Z', 'AlertAcknowledged', {
    alertId: ALERT_ID,
    clientId: CLIENT_ID,
    acknowledgedBy: RISK_OFFICER,
    acknowledgedAt: '2025-05-13T01:03:00.000Z',
  }),
  sample('2025-05-13T01:05:04.000Z', 'AlertEscalated', {
    alertId: ALERT_ID,
    clientId: CLIENT_ID,
    from: 'medium',
    severity: 'high',
    to: 'risk_monitor',
    reason: 'facility FAC-2025-0042 is 12 days past due and the loan is special_mention',
    evidence: ['LoanClassificationChanged'],
    escalatedAt: '2025-05-13T01:05:04.000Z',
    dueBy: '2025-05-14T01:05:04.000Z',
  }),
  sample('2025-05-21T09:30:00.000Z', 'AlertResolved', {
    alertId: ALERT_ID,
    clientId: CLIENT_ID,
    outcome: 'actioned',
    note: 'CFO Li Na confirmed payment after our call; arrears cleared.',
    resolvedBy: RISK_OFFICER,
    resolvedAt: '2025-05-21T09:30:00.000Z',
  }),
  sample('2025-05-22T04:00:00.000Z', 'AlertReopened', {
    alertId: ALERT_ID,
    clientId: CLIENT_ID,
    reason: 'Supplier sued the client after resolution; see the litigation flag.',
    reopenedBy: RISK_OFFICER,
    reopenedAt: '2025-05-22T04:00:00.000Z',
    dueBy: '2025-05-24T04:00:00.000Z',
  }),
] as const;

/**
 * The client's first risk case: opened by the past-due alert, joined by a utilisation alert, worse
 * when the past-due alert is escalated, overdue, and closed once both are resolved. One sample per
 * type: the case's resolution of the past-due alert (a second RiskCaseAlertResolved, just before
 * the closure) is left out.
 */
const RISK_CASE_SAMPLES = [
  sample('2025-05-13T01:00:06.500Z', 'RiskCaseOpened', {
    caseId: CASE_ID,
    clientId: CLIENT_ID,
    episode: 1,
    alert: { alertId: ALERT_ID, ruleId: 'EW-DPD', severity: 'medium' },
    severity: 'medium',
    openedAt: '2025-05-13T01:00:06.500Z',
    dueBy: '2025-05-16T01:00:06.500Z',
  }),
  sample('2025-05-13T01:03:30.000Z', 'RiskCaseAssigned', {
    caseId: CASE_ID,
    clientId: CLIENT_ID,
    assignee: RISK_OFFICER,
    assignedBy: RISK_OFFICER,
    assignedAt: '2025-05-13T01:03:30.000Z',
  }),
  sample('2025-05-13T01:05:06.500Z', 'RiskCaseAlertChanged', {
    caseId: CASE_ID,
    clientId: CLIENT_ID,
    alert: { alertId: ALERT_ID, ruleId: 'EW-DPD', severity: 'high' },
    severity: 'high',
    changedAt: '2025-05-13T01:05:06.500Z',
    dueBy: '2025-05-14T01:05:06.500Z',
  }),
  sample('2025-05-13T06:00:02.500Z', 'RiskCaseAlertJoined', {
    caseId: CASE_ID,
    clientId: CLIENT_ID,
    alert: { alertId: UTIL_ALERT_ID, ruleId: 'EW-UTIL', severity: 'medium' },
    severity: 'high',
    joinedAt: '2025-05-13T06:00:02.500Z',
    dueBy: '2025-05-14T01:05:06.500Z',
  }),
  sample('2025-05-13T09:15:00.000Z', 'RiskCaseCommented', {
    caseId: CASE_ID,
    clientId: CLIENT_ID,
    commentId: '0196c8a1-0e2f-7a10-8b3c-4d5e6f708192',
    text: 'CFO Li Na says the utilisation spike is a one-off supplier prepayment.',
    author: RISK_OFFICER,
    commentedAt: '2025-05-13T09:15:00.000Z',
  }),
  sample('2025-05-14T01:06:00.000Z', 'RiskCaseOverdue', {
    caseId: CASE_ID,
    clientId: CLIENT_ID,
    severity: 'high',
    dueBy: '2025-05-14T01:05:06.500Z',
    detectedAt: '2025-05-14T01:06:00.000Z',
  }),
  sample('2025-05-20T03:00:02.500Z', 'RiskCaseAlertResolved', {
    caseId: CASE_ID,
    clientId: CLIENT_ID,
    alertId: UTIL_ALERT_ID,
    severity: 'high',
    resolvedAt: '2025-05-20T03:00:02.500Z',
    dueBy: '2025-05-14T01:05:06.500Z',
  }),
  sample('2025-05-21T09:30:02.500Z', 'RiskCaseClosed', {
    caseId: CASE_ID,
    clientId: CLIENT_ID,
    closedAt: '2025-05-21T09:30:02.500Z',
  }),
] as const;

/** uuid-v7-shaped ids: the time in the first 48 bits, a counter in the rest, so docs stay stable. */
const uuidV7 = (millis: number, counter: number): string => {
  const time = millis.toString(16).padStart(12, '0');
  const tail = counter.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8)}-7000-8000-${tail}`;
};

const FIRST_POSITION = 1041;
const RECORDING_DELAY_MS = 2_500;

/** Replaces the sample types named in an alert's `evidence` with the ids of their events. */
const withEvidence = (recorded: readonly SourceEvent[]): SourceEvent[] => {
  const idOf = new Map(recorded.map((event) => [event.type, event.eventId]));
  return recorded.map((event) => {
    const data = event.data as Readonly<Record<string, unknown>>;
    if (!Array.isArray(data.evidence)) return event;
    const evidence = (data.evidence as string[]).map((type) => {
      const id = idOf.get(type);
      if (id === undefined) throw new Error(`no sample event of type ${type} to cite as evidence`);
      return id;
    });
    return { ...event, data: { ...data, evidence } };
  });
};

/** All samples in the order the store committed them, with per-stream revisions. */
const recordAll = (): SourceEvent[] => {
  const timeline = [
    ...MANAGER_SAMPLES.map((event) => ({ event, streamId: MANAGER_STREAM })),
    ...CLIENT_SAMPLES.map((event) => ({ event, streamId: CLIENT_STREAM })),
    ...ALERT_SAMPLES.map((event) => ({ event, streamId: ALERT_STREAM })),
    ...RISK_CASE_SAMPLES.map((event) => ({ event, streamId: CASE_STREAM })),
  ].sort((a, b) => Date.parse(a.event.occurredAt) - Date.parse(b.event.occurredAt));
  const revisions = new Map<string, number>();
  const committed = timeline.map(({ event, streamId }, index): SourceEvent => {
    const revision = (revisions.get(streamId) ?? -1) + 1;
    revisions.set(streamId, revision);
    const recorded = Date.parse(event.occurredAt) + RECORDING_DELAY_MS;
    return {
      eventId: uuidV7(recorded, index + 1),
      streamId,
      type: event.type,
      data: event.data,
      revision,
      // Other clients' events interleave in the global log, hence the gaps.
      position: BigInt(FIRST_POSITION + index * 37),
      recordedAt: new Date(recorded).toISOString(),
      occurredAt: event.occurredAt,
      correlationId: uuidV7(recorded - 40, 0x1000 + index),
    };
  });
  return withEvidence(withClientContext(committed));
};

/** Client samples carry the context their metadata would hold, folded from the samples before them. */
const withClientContext = (recorded: readonly SourceEvent[]): SourceEvent[] => {
  let state = clientDecider.initialState();
  return recorded.map((event) => {
    if (event.streamId !== CLIENT_STREAM) return event;
    state = clientDecider.evolve(state, { type: event.type, data: event.data } as ClientEvent);
    const context = clientContextOf(state);
    return context === undefined ? event : { ...event, context };
  });
};

export const SAMPLE_EVENTS: readonly SourceEvent[] = recordAll();

export const sampleEventOf = (type: PublishedEventType): SourceEvent => {
  const found = SAMPLE_EVENTS.find((event) => event.type === type);
  if (found === undefined) throw new Error(`no sample event of type ${type}`);
  return found;
};

/** A client context as the store records it in an event's metadata, for specs that vary it. */
export const RECORDED_CONTEXT = {
  status: 'client',
  branchId: 'BR-SH-002',
  segment: 'sme',
  tier: 'key',
  managerId: 'M-7',
  rating: 'BBB',
  classification: 'normal',
  erased: false,
} as const;
