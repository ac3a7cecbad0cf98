import { ACCESS_LOG_PAGE_SCHEMA } from './access-log.schema';
import { ALERT_PAGE_SCHEMA, ALERT_VIEW_SCHEMA } from './alert.schema';
import {
  AGENDA_SCHEMA,
  BRANCH_DASHBOARD_SCHEMA,
  CLIENT_SEARCH_PAGE_SCHEMA,
  PIPELINE_SCHEMA,
  PORTFOLIO_SCHEMA,
} from './client-lists.schema';
import {
  COMPLAINT_NOTES_PAGE_SCHEMA,
  CONTACT_NOTES_PAGE_SCHEMA,
  FEEDBACK_NOTES_PAGE_SCHEMA,
} from './client-notes.schema';
import { CLIENT_GROUP_DETAIL_SCHEMA } from './client-group.schema';
import { CLIENT_VIEW_SCHEMA } from './client-view.schema';
import { COMPLAINT_PAGE_SCHEMA, COMPLAINTS_SUMMARY_SCHEMA } from './complaint.schema';
import { CREDIT_CHANGE_HELD_SCHEMA, CREDIT_PROPOSAL_SCHEMA } from './credit-proposal.schema';
import {
  DEPARTMENTS_SCHEMA,
  FEEDBACK_DETAIL_SCHEMA,
  FEEDBACK_QUEUE_PAGE_SCHEMA,
  PRODUCT_FEEDBACK_SCHEMA,
} from './feedback.schema';
import {
  COVERAGE_HISTORY_SCHEMA,
  DEPARTURE_RESULT_SCHEMA,
  HANDOVER_RESULT_SCHEMA,
  UNCOVERED_CLIENTS_SCHEMA,
} from './coverage.schema';
import { INTERNAL_SERVICE_LEVELS_SCHEMA } from './service-level.schema';
import { DEV_TOKEN_SCHEMA } from './dev-token.schema';
import { RISK_CASE_DETAIL_SCHEMA, RISK_CASE_PAGE_SCHEMA } from './risk-case.schema';
import { BRANCH_SATISFACTION_SCHEMA, SATISFACTION_REPORT_SCHEMA } from './satisfaction.schema';
import type { Schema } from './schema-kit';
import { TIMELINE_PAGE_SCHEMA } from './timeline.schema';

/**
 * The answers of the reads, as JSON schemas added to the document's components by
 * openApiDocument. Written by hand from the read-model types (libs/read-models), which are
 * TypeScript types the swagger plugin cannot see.
 */
export const RESPONSE_SCHEMAS = {
  ClientView: CLIENT_VIEW_SCHEMA,
  ClientSearchPage: CLIENT_SEARCH_PAGE_SCHEMA,
  TimelinePage: TIMELINE_PAGE_SCHEMA,
  ContactNotesPage: CONTACT_NOTES_PAGE_SCHEMA,
  ComplaintNotesPage: COMPLAINT_NOTES_PAGE_SCHEMA,
  FeedbackNotesPage: FEEDBACK_NOTES_PAGE_SCHEMA,
  CoverageHistory: COVERAGE_HISTORY_SCHEMA,
  Portfolio: PORTFOLIO_SCHEMA,
  Agenda: AGENDA_SCHEMA,
  Pipeline: PIPELINE_SCHEMA,
  UncoveredClients: UNCOVERED_CLIENTS_SCHEMA,
  HandoverResult: HANDOVER_RESULT_SCHEMA,
  DepartureResult: DEPARTURE_RESULT_SCHEMA,
  ClientGroupDetail: CLIENT_GROUP_DETAIL_SCHEMA,
  BranchDashboard: BRANCH_DASHBOARD_SCHEMA,
  AlertView: ALERT_VIEW_SCHEMA,
  AlertPage: ALERT_PAGE_SCHEMA,
  RiskCaseDetail: RISK_CASE_DETAIL_SCHEMA,
  RiskCasePage: RISK_CASE_PAGE_SCHEMA,
  ComplaintPage: COMPLAINT_PAGE_SCHEMA,
  ComplaintsSummary: COMPLAINTS_SUMMARY_SCHEMA,
  SatisfactionReport: SATISFACTION_REPORT_SCHEMA,
  BranchSatisfaction: BRANCH_SATISFACTION_SCHEMA,
  Departments: DEPARTMENTS_SCHEMA,
  FeedbackQueuePage: FEEDBACK_QUEUE_PAGE_SCHEMA,
  FeedbackDetail: FEEDBACK_DETAIL_SCHEMA,
  ProductFeedback: PRODUCT_FEEDBACK_SCHEMA,
  InternalServiceLevels: INTERNAL_SERVICE_LEVELS_SCHEMA,
  CreditProposal: CREDIT_PROPOSAL_SCHEMA,
  CreditChangeHeld: CREDIT_CHANGE_HELD_SCHEMA,
  AccessLogPage: ACCESS_LOG_PAGE_SCHEMA,
  DevToken: DEV_TOKEN_SCHEMA,
} as const satisfies Record<string, Schema>;

export type ResponseSchemaName = keyof typeof RESPONSE_SCHEMAS;
