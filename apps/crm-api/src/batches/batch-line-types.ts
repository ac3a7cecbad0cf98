import type { Type } from '@nestjs/common';
import { AssignManagerRequestDto } from '../clients/dto/assign-manager.request.dto';
import { ChangeCreditRatingRequestDto } from '../clients/dto/change-credit-rating.request.dto';
import { ChangeLoanClassificationRequestDto } from '../clients/dto/change-loan-classification.request.dto';
import { ChangeTierRequestDto } from '../clients/dto/change-tier.request.dto';
import { ConvertProspectRequestDto } from '../clients/dto/convert-prospect.request.dto';
import { ForwardFeedbackRequestDto } from '../clients/dto/forward-feedback.request.dto';
import { LogContactRequestDto } from '../clients/dto/log-contact.request.dto';
import { OpenProductHoldingRequestDto } from '../clients/dto/open-product-holding.request.dto';
import { RaiseRiskFlagRequestDto } from '../clients/dto/raise-risk-flag.request.dto';
import { ReasonRequestDto } from '../clients/dto/reason.request.dto';
import { ReceiveComplaintRequestDto } from '../clients/dto/receive-complaint.request.dto';
import { RecordSatisfactionRequestDto } from '../clients/dto/record-satisfaction.request.dto';
import { ReportFinancialsRequestDto } from '../clients/dto/report-financials.request.dto';
import { ReportHoldingBalanceRequestDto } from '../clients/dto/report-holding-balance.request.dto';
import { ReportPastDueRequestDto } from '../clients/dto/report-past-due.request.dto';
import { ReportUtilisationRequestDto } from '../clients/dto/report-utilisation.request.dto';
import { ResolveComplaintRequestDto } from '../clients/dto/resolve-complaint.request.dto';
import { SetCreditLimitRequestDto } from '../clients/dto/set-credit-limit.request.dto';
import { UpdateProfileRequestDto } from '../clients/dto/update-profile.request.dto';

export type BatchMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * What a batch line of one type is: the client route it stands for (`METHOD /path` as the router
 * registers it under /v1, so the service-scope table applies unchanged), the path parameters
 * besides the client's `:id` that the line names at its top level, and the route's body.
 */
export type BatchLineType = Readonly<{
  method: BatchMethod;
  path: string;
  params: readonly string[];
  body: Type<unknown> | null;
}>;

const line = (method: BatchMethod, path: string, body: Type<unknown> | null): BatchLineType => ({
  method,
  path: `/v1/clients/:id${path}`,
  params: [...path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1]!),
  body,
});

/**
 * The command types a batch line may name, each the client route it is sent through. A line runs
 * through that very route (guards, scopes, validation, Idempotency-Key), so the only thing this
 * table can get wrong is a path, and test/e2e/batches.e2e-spec.ts sends one line of every type.
 */
export const BATCH_LINE_TYPES = {
  LogContact: line('POST', '/contacts', LogContactRequestDto),
  CompleteFollowUp: line('POST', '/contacts/:contactId/completion', null),
  ForwardFeedback: line('POST', '/feedback', ForwardFeedbackRequestDto),
  RecordSatisfaction: line('POST', '/satisfaction', RecordSatisfactionRequestDto),
  ReceiveComplaint: line('POST', '/complaints', ReceiveComplaintRequestDto),
  ResolveComplaint: line('POST', '/complaints/:complaintId/resolution', ResolveComplaintRequestDto),
  ReportFinancials: line('POST', '/financials', ReportFinancialsRequestDto),
  ChangeCreditRating: line('PUT', '/credit-rating', ChangeCreditRatingRequestDto),
  ChangeLoanClassification: line('PUT', '/loan-classification', ChangeLoanClassificationRequestDto),
  SetCreditLimit: line('PUT', '/facilities/:facilityId', SetCreditLimitRequestDto),
  ReportUtilisation: line('POST', '/facilities/:facilityId/utilisation', ReportUtilisationRequestDto),
  ReportPastDue: line('POST', '/facilities/:facilityId/past-due', ReportPastDueRequestDto),
  ClearPastDue: line('DELETE', '/facilities/:facilityId/past-due', null),
  ConvertProspect: line('POST', '/conversion', ConvertProspectRequestDto),
  UpdateProfile: line('PATCH', '/profile', UpdateProfileRequestDto),
  AssignManager: line('PUT', '/manager', AssignManagerRequestDto),
  ChangeTier: line('PUT', '/tier', ChangeTierRequestDto),
  OpenProductHolding: line('POST', '/products', OpenProductHoldingRequestDto),
  CloseProductHolding: line('DELETE', '/products/:holdingId', ReasonRequestDto),
  ReportHoldingBalance: line('PUT', '/products/:holdingId/balance', ReportHoldingBalanceRequestDto),
  RaiseRiskFlag: line('POST', '/risk-flags', RaiseRiskFlagRequestDto),
  ClearRiskFlag: line('DELETE', '/risk-flags/:flagId', ReasonRequestDto),
} as const satisfies Record<string, BatchLineType>;

export type BatchLineTypeName = keyof typeof BATCH_LINE_TYPES;

export const isBatchLineType = (name: string): name is BatchLineTypeName => Object.hasOwn(BATCH_LINE_TYPES, name);
