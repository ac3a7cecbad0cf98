import type { Decider } from '../common/decider';
import { notFound } from '../common/domain-error';
import type { ClientCommand } from './client.commands';
import type { ClientEvent } from './client.events';
import type { ClientState } from './client.state';
import { initialClientState } from './client.state';
import { decideAgenda, evolveAgenda } from './client-agenda.decider';
import { decidePipeline, evolvePipeline } from './client-pipeline.decider';
import { decideTeam, evolveTeam, isTeamCommand, isTeamEvent } from './client-team.decider';
import { applyContactLogged, applyFollowUpCompleted, completeFollowUp, logContact } from './client-contacts.decider';
import { decideComplaints, evolveComplaints } from './client-complaints.decider';
import {
  applyClientTierChanged,
  evolveCoverage,
  assignManager,
  changeTier,
  noteCoverageLapse,
} from './client-coverage.decider';
import {
  applyCreditLimitSet,
  applyFacilityTermsSet,
  applyCreditRatingChanged,
  applyCreditUtilisationReported,
  applyLoanClassificationChanged,
  applyPastDueCleared,
  applyPaymentPastDue,
  changeCreditRating,
  changeLoanClassification,
  clearPastDue,
  reportFinancials,
  reportPastDue,
  reportUtilisation,
  setCreditLimit,
} from './client-credit.decider';
import {
  applyCreditChangeApproved,
  applyCreditChangeProposed,
  applyCreditChangeRejected,
  approveCreditChange,
  proposeCreditChange,
  rejectCreditChange,
} from './client-credit-proposals.decider';
import { applyPersonalDataErased, erasePersonalData } from './client-erasure.decider';
import { decideGroups, evolveGroups } from './client-groups.decider';
import {
  applyClientProfileUpdated,
  applyProspectConverted,
  applyProspectRegistered,
  convertProspect,
  registerProspect,
  requireConverted,
  updateProfile,
} from './client-lifecycle.decider';
import { evolveProducts, decideProducts } from './client-products.decider';
import { applyRiskFlagCleared, applyRiskFlagRaised, clearRiskFlag, raiseRiskFlag } from './client-risk-flags.decider';
import { clientContextOf } from './client-context';
import { applySatisfactionRecorded, recordSatisfaction } from './client-satisfaction.decider';
import { decideFeedback, evolveFeedback } from './client-feedback.decider';

/**
 * The client decider, composed from one file per concern (lifecycle, coverage, contacts,
 * satisfaction, feedback, complaints, credit, credit proposals, risk flags, products, erasure, agenda, pipeline, team). The two switches below are the
 * only place that knows every command and event, so a new one does not compile until it is routed (each
 * default hands the rest to a group whose type then no longer matches).
 */
export const decideClient = (command: ClientCommand, state: ClientState): ClientEvent[] => {
  if (command.type === 'RegisterProspect') return registerProspect(command, state);
  if (state.status === 'none') throw notFound('CLIENT.NOT_FOUND', 'client does not exist');

  switch (command.type) {
    case 'ConvertProspect':
      return convertProspect(command, state);
    case 'UpdateProfile':
      return updateProfile(command, state);
    case 'AssignManager':
      return assignManager(command, state);
    case 'NoteCoverageLapse':
      return noteCoverageLapse(command, state);
    case 'ChangeTier':
      return changeTier(command, state);
    case 'LogContact':
      return logContact(command, state);
    case 'CompleteFollowUp':
      return completeFollowUp(command, state);
    case 'ReportFinancials':
      requireConverted(state);
      return reportFinancials(command);
    case 'ChangeCreditRating':
      return changeCreditRating(command, requireConverted(state));
    case 'ChangeLoanClassification':
      return changeLoanClassification(command, requireConverted(state));
    case 'SetCreditLimit':
      return setCreditLimit(command, requireConverted(state));
    case 'ReportUtilisation':
      return reportUtilisation(command, requireConverted(state));
    case 'ReportPastDue':
      return reportPastDue(command, requireConverted(state));
    case 'ClearPastDue':
      return clearPastDue(command, requireConverted(state));
    case 'RaiseRiskFlag':
      return raiseRiskFlag(command, state);
    case 'ClearRiskFlag':
      return clearRiskFlag(command, state);
    case 'OpenProductHolding':
    case 'CloseProductHolding':
    case 'ReportHoldingBalance':
      return decideProducts(command, requireConverted(state));
    case 'RecordSatisfaction':
      return recordSatisfaction(command, requireConverted(state));
    case 'ReceiveComplaint':
    case 'AcknowledgeComplaint':
    case 'EscalateComplaint':
    case 'ResolveComplaint':
      return decideComplaints(command, state);
    case 'EraseClientPersonalData':
      return erasePersonalData(command, state);
    case 'FormClientGroup':
    case 'AddGroupMember':
    case 'RemoveGroupMember':
    case 'JoinClientGroup':
    case 'LeaveClientGroup':
      return decideGroups(command, state);
    case 'ProposeCreditChange':
      return proposeCreditChange(command, state, decideClient);
    case 'ApproveCreditChange':
      return approveCreditChange(command, state, decideClient);
    case 'RejectCreditChange':
      return rejectCreditChange(command, state);
    case 'PlanVisit':
    case 'CancelVisit':
    case 'CreateTask':
    case 'CompleteTask':
      return decideAgenda(command, state);
    case 'OpenOpportunity':
    case 'ChangeOpportunityStage':
    case 'WinOpportunity':
    case 'LoseOpportunity':
      return decidePipeline(command, state);
    default:
      // The team's commands, and the feedback loop's (ForwardFeedback, ChangeFeedbackStatus).
      return isTeamCommand(command) ? decideTeam(command, state) : decideFeedback(command, state);
  }
};

export const evolveClient = (state: ClientState, event: ClientEvent): ClientState => {
  if (event.type === 'ProspectRegistered') return applyProspectRegistered(event);
  // Facts about a client that was never registered cannot come from this decider; ignore them.
  if (state.status === 'none') return state;

  switch (event.type) {
    case 'ProspectConverted':
      return applyProspectConverted(state, event);
    case 'ClientProfileUpdated':
      return applyClientProfileUpdated(state, event);
    case 'ManagerAssigned':
      return evolveTeam(evolveCoverage(state, event), event);
    case 'CoverageLapsed':
      return evolveCoverage(state, event);
    case 'ClientTierChanged':
      return applyClientTierChanged(state, event);
    case 'ContactLogged':
      return applyContactLogged(state, event);
    case 'FollowUpCompleted':
      return applyFollowUpCompleted(state, event);
    case 'FinancialsReported':
      // No invariant depends on reported financials; the risk monitor keeps its own view.
      return state;
    case 'CreditRatingChanged':
      return applyCreditRatingChanged(state, event);
    case 'LoanClassificationChanged':
      return applyLoanClassificationChanged(state, event);
    case 'CreditLimitSet':
      return applyCreditLimitSet(state, event);
    case 'FacilityTermsSet':
      return applyFacilityTermsSet(state, event);
    case 'CreditUtilisationReported':
      return applyCreditUtilisationReported(state, event);
    case 'PaymentPastDue':
      return applyPaymentPastDue(state, event);
    case 'PastDueCleared':
      return applyPastDueCleared(state, event);
    case 'RiskFlagRaised':
      return applyRiskFlagRaised(state, event);
    case 'RiskFlagCleared':
      return applyRiskFlagCleared(state, event);
    case 'ProductHoldingOpened':
    case 'ProductHoldingClosed':
    case 'HoldingBalanceReported':
      return evolveProducts(state, event);
    case 'SatisfactionRecorded':
      return applySatisfactionRecorded(state, event);
    case 'ComplaintReceived':
    case 'ComplaintAcknowledged':
    case 'ComplaintEscalated':
    case 'ComplaintResolved':
      return evolveComplaints(state, event);
    case 'PersonalDataErased':
      return applyPersonalDataErased(state);
    case 'ClientGroupFormed':
    case 'ClientGroupMemberAdded':
    case 'ClientGroupMemberRemoved':
    case 'ClientJoinedGroup':
    case 'ClientLeftGroup':
      return evolveGroups(state, event);
    case 'CreditChangeProposed':
      return applyCreditChangeProposed(state, event);
    case 'CreditChangeApproved':
      return applyCreditChangeApproved(state, event);
    case 'CreditChangeRejected':
      return applyCreditChangeRejected(state, event);
    case 'VisitPlanned':
    case 'VisitCompleted':
    case 'VisitCancelled':
    case 'TaskCreated':
    case 'TaskCompleted':
      return evolveAgenda(state, event);
    case 'OpportunityOpened':
    case 'OpportunityStageChanged':
    case 'OpportunityWon':
    case 'OpportunityLost':
      return evolvePipeline(state, event);
    default:
      // The team's events, and the feedback loop's (FeedbackForwarded, FeedbackStatusChanged).
      return isTeamEvent(event) ? evolveTeam(state, event) : evolveFeedback(state, event);
  }
};

export const clientDecider: Decider<ClientState, ClientCommand, ClientEvent> = {
  decide: decideClient,
  evolve: evolveClient,
  initialState: () => initialClientState,
  contextOf: clientContextOf,
};
