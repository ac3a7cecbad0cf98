import {
  DEFAULT_COMPLAINT_POLICY,
  DEFAULT_RECOVERY_DAYS,
  departmentDirectory,
  REQUIRED_DEPARTMENTS,
  toManagerSnapshot,
  type CalendarCommandMetadata,
  type ClientCommand,
  type ClientEvent,
  type ClientState,
  type CommandMetadata,
  type ManagerCommand,
  type ManagerEvent,
  type ManagerState,
} from '@crm/domain';

/*
 * The realistic generator's events turned back into the commands that decide them, for its spec
 * (which replays them through the deciders) and for `npm run demo` (which writes them through the
 * command path). Only @crm/domain here, like the generator: the demo's build compiles this file by
 * relative path.
 */

/** The generator forwards feedback to the departments every configuration holds. */
const GENERATED_DEPARTMENTS = departmentDirectory(
  REQUIRED_DEPARTMENTS.map((department) => ({ ...department, name: department.id })),
);

/** The command that would have produced `event`; deciding it in the state before must give back exactly the event. */
export const clientCommandFor = (
  event: ClientEvent,
  state: ClientState,
  managers: ReadonlyMap<string, ManagerState>,
  metadata: CalendarCommandMetadata,
): ClientCommand => {
  const snapshot = (managerId: string | undefined) => {
    const manager = managerId === undefined ? undefined : managers.get(managerId);
    return manager === undefined ? null : toManagerSnapshot(manager);
  };
  switch (event.type) {
    case 'ProspectRegistered':
      return { type: 'RegisterProspect', data: event.data, metadata };
    case 'ProspectConverted':
      return { type: 'ConvertProspect', data: { firstProductCode: event.data.firstProductCode }, metadata };
    case 'ClientProfileUpdated':
      return { type: 'UpdateProfile', data: event.data, metadata };
    case 'ManagerAssigned':
      return {
        type: 'AssignManager',
        data: { managerId: event.data.managerId, reason: event.data.reason, manager: snapshot(event.data.managerId) },
        metadata,
      };
    case 'CoverageLapsed':
      return { type: 'NoteCoverageLapse', data: event.data, metadata };
    case 'ClientTierChanged': {
      const current = state.status === 'none' ? undefined : state.manager?.managerId;
      const { to, reason, annualContribution } = event.data;
      return {
        type: 'ChangeTier',
        data: { tier: to, reason, annualContribution, currentManager: snapshot(current) },
        metadata,
      };
    }
    case 'ContactLogged':
      return { type: 'LogContact', data: { ...event.data, manager: snapshot(event.data.managerId) }, metadata };
    case 'FollowUpCompleted':
      return { type: 'CompleteFollowUp', data: { contactId: event.data.contactId }, metadata };
    case 'FeedbackForwarded':
      return { type: 'ForwardFeedback', data: { ...event.data, departments: GENERATED_DEPARTMENTS }, metadata };
    case 'FeedbackStatusChanged': {
      const { changedBy: _by, changedAt: _at, ...change } = event.data;
      return { type: 'ChangeFeedbackStatus', data: change, metadata };
    }
    case 'FinancialsReported':
      return { type: 'ReportFinancials', data: event.data, metadata };
    case 'CreditRatingChanged':
      return { type: 'ChangeCreditRating', data: { rating: event.data.to, reason: event.data.reason }, metadata };
    case 'LoanClassificationChanged':
      return {
        type: 'ChangeLoanClassification',
        data: { classification: event.data.to, reason: event.data.reason },
        metadata,
      };
    case 'CreditLimitSet':
      return { type: 'SetCreditLimit', data: event.data, metadata };
    case 'FacilityTermsSet': {
      const facility = state.status === 'none' ? undefined : state.facilities.get(event.data.facilityId);
      return {
        type: 'SetCreditLimit',
        data: { ...event.data, limit: facility?.limit ?? '0', currency: facility?.currency ?? 'CNY' },
        metadata,
      };
    }
    case 'CreditUtilisationReported':
      return { type: 'ReportUtilisation', data: event.data, metadata };
    case 'PaymentPastDue': {
      // Callers date the arrear; daysPastDue on the event is what the decider counts from it.
      const { facilityId, overdueSince, amountOverdue } = event.data;
      return { type: 'ReportPastDue', data: { facilityId, overdueSince, amountOverdue }, metadata };
    }
    case 'PastDueCleared':
      return { type: 'ClearPastDue', data: event.data, metadata };
    case 'RiskFlagRaised':
      return { type: 'RaiseRiskFlag', data: event.data, metadata };
    case 'RiskFlagCleared':
      return { type: 'ClearRiskFlag', data: event.data, metadata };
    case 'ProductHoldingOpened':
      return { type: 'OpenProductHolding', data: event.data, metadata };
    case 'ProductHoldingClosed':
      return { type: 'CloseProductHolding', data: event.data, metadata };
    case 'HoldingBalanceReported':
      return { type: 'ReportHoldingBalance', data: event.data, metadata };
    case 'SatisfactionRecorded': {
      const { selfReported, ...answer } = event.data;
      // A detractor's recovery task is decided with the answer: the replay takes it from there.
      const recovery = { taskId: `recovery-${answer.surveyId}`, dueInDays: DEFAULT_RECOVERY_DAYS };
      const data = { ...answer, recovery, ...(selfReported === true ? { recordedByManagerId: answer.managerId } : {}) };
      return { type: 'RecordSatisfaction', data, metadata };
    }
    case 'ComplaintReceived': {
      const { acknowledgeBy: _ack, dueBy: _due, ...received } = event.data;
      return { type: 'ReceiveComplaint', data: { ...received, policy: DEFAULT_COMPLAINT_POLICY }, metadata };
    }
    case 'ComplaintAcknowledged':
      return {
        type: 'AcknowledgeComplaint',
        data: { complaintId: event.data.complaintId, ownerId: event.data.ownerId },
        metadata,
      };
    case 'ComplaintEscalated':
      return {
        type: 'EscalateComplaint',
        data: { complaintId: event.data.complaintId, deadline: event.data.deadline },
        metadata,
      };
    case 'ComplaintResolved': {
      const { resolvedAt: _at, ...resolved } = event.data;
      return { type: 'ResolveComplaint', data: resolved, metadata };
    }
    case 'PersonalDataErased':
      return { type: 'EraseClientPersonalData', data: { basis: event.data.basis }, metadata };
    case 'ClientGroupFormed':
      return {
        type: 'FormClientGroup',
        data: { name: event.data.name, managerId: event.data.managerId, manager: snapshot(event.data.managerId) },
        metadata,
      };
    case 'ClientGroupMemberAdded':
      return { type: 'AddGroupMember', data: event.data, metadata };
    case 'ClientGroupMemberRemoved':
      return { type: 'RemoveGroupMember', data: event.data, metadata };
    case 'ClientJoinedGroup':
      return { type: 'JoinClientGroup', data: event.data, metadata };
    case 'ClientLeftGroup':
      return { type: 'LeaveClientGroup', data: event.data, metadata };
    case 'CreditChangeProposed':
      return { type: 'ProposeCreditChange', data: { change: event.data.change }, metadata };
    // An approval decides the change's own events too, right behind it: the generator never
    // produces one alone.
    case 'CreditChangeApproved':
      return { type: 'ApproveCreditChange', data: { proposalId: event.data.proposalId }, metadata };
    case 'CreditChangeRejected':
      return {
        type: 'RejectCreditChange',
        data: { proposalId: event.data.proposalId, reason: event.data.reason },
        metadata,
      };
    case 'VisitPlanned':
      return { type: 'PlanVisit', data: { ...event.data, manager: snapshot(event.data.managerId) }, metadata };
    case 'VisitCancelled':
      return { type: 'CancelVisit', data: { visitId: event.data.visitId, reason: event.data.reason }, metadata };
    case 'TaskCreated':
      return { type: 'CreateTask', data: { ...event.data, assignee: snapshot(event.data.assigneeId) }, metadata };
    case 'TaskCompleted':
      return { type: 'CompleteTask', data: { taskId: event.data.taskId }, metadata };
    case 'OpportunityOpened': {
      const { openedAt: _openedAt, ...opened } = event.data;
      return { type: 'OpenOpportunity', data: { ...opened, manager: snapshot(event.data.managerId) }, metadata };
    }
    case 'OpportunityStageChanged':
      return {
        type: 'ChangeOpportunityStage',
        data: { opportunityId: event.data.opportunityId, stage: event.data.to },
        metadata,
      };
    case 'OpportunityWon':
      return { type: 'WinOpportunity', data: { opportunityId: event.data.opportunityId }, metadata };
    case 'OpportunityLost':
      return {
        type: 'LoseOpportunity',
        data: { opportunityId: event.data.opportunityId, reason: event.data.reason },
        metadata,
      };
    case 'BackupManagerAssigned':
      return {
        type: 'AssignBackupManager',
        data: { ...event.data, manager: snapshot(event.data.managerId) },
        metadata,
      };
    case 'BackupManagerRemoved':
      return { type: 'RemoveBackupManager', data: {}, metadata };
    case 'SpecialistJoinedTeam':
      return { type: 'AddTeamSpecialist', data: { ...event.data, manager: snapshot(event.data.managerId) }, metadata };
    case 'SpecialistLeftTeam':
      return { type: 'RemoveTeamSpecialist', data: { managerId: event.data.managerId }, metadata };
    // Decided by the contact that names the visit, right behind its ContactLogged: never alone.
    case 'VisitCompleted':
      throw new Error('VisitCompleted comes from LogContact with a visitId, after its ContactLogged');
  }
};

export const managerCommandFor = (event: ManagerEvent, metadata: CommandMetadata): ManagerCommand => {
  switch (event.type) {
    case 'ManagerRegistered':
      return { type: 'RegisterManager', data: event.data, metadata };
    case 'ManagerLevelChanged':
      return { type: 'ChangeManagerLevel', data: { level: event.data.to, reason: event.data.reason }, metadata };
    case 'ManagerBranchChanged':
      return { type: 'ChangeManagerBranch', data: { branchId: event.data.to, reason: event.data.reason }, metadata };
    case 'ManagerDeparted':
      return { type: 'RecordManagerDeparture', data: { reason: event.data.reason }, metadata };
    // `from` is the command's time: the metadata's `now` must be it.
    case 'ManagerAbsenceMarked':
      return { type: 'MarkManagerAbsence', data: { until: event.data.until, reason: event.data.reason }, metadata };
    case 'ManagerReturned':
      return { type: 'EndManagerAbsence', data: {}, metadata };
  }
};
