import { addDays, bankDateOf, daysBetween, isBankDate } from '../calendar/bank-date';
import { daysPastDueOn } from '../credit/arrears';
import { compareDecimal } from '../common/decimal';
import { invalid, notFound, ruleViolation } from '../common/domain-error';
import { CREDIT_RATINGS, FACILITY_TYPES, LOAN_CLASSIFICATIONS, rank } from '../common/scales';
import type {
  ChangeCreditRating,
  ChangeLoanClassification,
  ClearPastDue,
  ReportFinancials,
  ReportPastDue,
  ReportUtilisation,
  SetCreditLimit,
} from './client.commands';
import type {
  ClientEvent,
  CreditLimitSet,
  CreditRatingChanged,
  CreditUtilisationReported,
  FacilityTermsSet,
  LoanClassificationChanged,
  PastDueCleared,
  PaymentPastDue,
} from './client.events';
import type { ExistingClientState, FacilityState } from './client.state';
import type { ConvertedClientState } from './client-lifecycle.decider';
import { updateEntry, withEntry } from './state-collections';
import {
  requireCurrency,
  requireDecimal,
  requireFinancialPeriod,
  requireInteger,
  requireOn,
  requireSignedDecimal,
  requireText,
} from './validation';

export const reportFinancials = ({ data }: ReportFinancials): ClientEvent[] => [
  {
    type: 'FinancialsReported',
    data: {
      period: requireFinancialPeriod(data.period),
      revenue: requireDecimal(data.revenue, 'revenue'),
      netProfit: requireSignedDecimal(data.netProfit, 'netProfit'),
      totalAssets: requireDecimal(data.totalAssets, 'totalAssets'),
      totalLiabilities: requireDecimal(data.totalLiabilities, 'totalLiabilities'),
      currency: requireCurrency(data.currency),
    },
  },
];

export const changeCreditRating = ({ data }: ChangeCreditRating, state: ConvertedClientState): ClientEvent[] => {
  const rating = requireOn(CREDIT_RATINGS, data.rating, 'rating');
  const reason = requireText(data.reason, 'reason');
  if (state.rating === rating) return [];
  const notches = state.rating === null ? 0 : rank(CREDIT_RATINGS, rating) - rank(CREDIT_RATINGS, state.rating);
  return [{ type: 'CreditRatingChanged', data: { from: state.rating, to: rating, notches, reason } }];
};

export const changeLoanClassification = (
  { data }: ChangeLoanClassification,
  state: ConvertedClientState,
): ClientEvent[] => {
  const classification = requireOn(LOAN_CLASSIFICATIONS, data.classification, 'classification');
  const reason = requireText(data.reason, 'reason');
  if (state.classification === classification) return [];
  return [{ type: 'LoanClassificationChanged', data: { from: state.classification, to: classification, reason } }];
};

const optionalDate = (value: unknown, field: string): string | null => {
  if (value === undefined || value === null) return null;
  if (!isBankDate(value)) throw invalid('CLIENT.INVALID_VALUE', `${field} must be a date (YYYY-MM-DD)`, field);
  return value;
};

/** The terms a SetCreditLimit asks for, or null when it gives none. */
const requestedTerms = (
  data: SetCreditLimit['data'],
  existing: FacilityState | undefined,
): FacilityTermsSet['data'] | null => {
  const given = data.type !== undefined || data.maturityDate !== undefined || data.nextReviewDate !== undefined;
  if (!given) return null;
  const type = data.type === undefined ? existing?.type : requireOn(FACILITY_TYPES, data.type, 'type');
  if (type === undefined || type === null) {
    throw invalid(
      'CLIENT.INVALID_VALUE',
      `type is required to record a facility's terms (${FACILITY_TYPES.join(', ')})`,
      'type',
    );
  }
  if (existing !== undefined && existing.type !== null && existing.type !== type) {
    throw ruleViolation('FACILITY.TYPE_MISMATCH', `facility ${data.facilityId} is a ${existing.type} facility`, 'type');
  }
  return {
    facilityId: data.facilityId,
    type,
    maturityDate:
      data.maturityDate === undefined
        ? (existing?.maturityDate ?? null)
        : optionalDate(data.maturityDate, 'maturityDate'),
    nextReviewDate:
      data.nextReviewDate === undefined
        ? (existing?.nextReviewDate ?? null)
        : optionalDate(data.nextReviewDate, 'nextReviewDate'),
  };
};

const sameTerms = (terms: FacilityTermsSet['data'], existing: FacilityState | undefined): boolean =>
  existing !== undefined &&
  existing.type === terms.type &&
  existing.maturityDate === terms.maturityDate &&
  existing.nextReviewDate === terms.nextReviewDate;

export const setCreditLimit = ({ data }: SetCreditLimit, state: ConvertedClientState): ClientEvent[] => {
  const facilityId = requireText(data.facilityId, 'facilityId');
  const limit = requireDecimal(data.limit, 'limit');
  const currency = requireCurrency(data.currency);
  const facility = state.facilities.get(facilityId);
  if (facility !== undefined && facility.currency !== currency) {
    throw ruleViolation(
      'FACILITY.CURRENCY_MISMATCH',
      `facility ${facilityId} is in ${facility.currency}, not ${currency}`,
      'currency',
    );
  }
  const terms = requestedTerms({ ...data, facilityId }, facility);
  const events: ClientEvent[] = [];
  // Numeric comparison so "100" and "100.00" count as the same limit.
  if (facility === undefined || compareDecimal(facility.limit, limit) !== 0) {
    events.push({ type: 'CreditLimitSet', data: { facilityId, limit, currency } });
  }
  if (terms !== null && !sameTerms(terms, facility)) events.push({ type: 'FacilityTermsSet', data: terms });
  return events;
};

export const applyFacilityTermsSet = (state: ExistingClientState, { data }: FacilityTermsSet): ExistingClientState => ({
  ...state,
  facilities: updateEntry(state.facilities, data.facilityId, (facility) => ({
    ...facility,
    type: data.type,
    maturityDate: data.maturityDate,
    nextReviewDate: data.nextReviewDate,
  })),
});

const requireFacility = (state: ConvertedClientState, facilityId: string): FacilityState => {
  const facility = state.facilities.get(facilityId);
  if (facility === undefined) throw notFound('FACILITY.NOT_FOUND', `facility ${facilityId} does not exist`);
  return facility;
};

export const reportUtilisation = ({ data }: ReportUtilisation, state: ConvertedClientState): ClientEvent[] => {
  const facilityId = requireText(data.facilityId, 'facilityId');
  const drawn = requireDecimal(data.drawn, 'drawn');
  requireFacility(state, facilityId);
  return [{ type: 'CreditUtilisationReported', data: { facilityId, drawn } }];
};

/** Arrears older than this are a typo, not a loan: no book holds a debt unpaid for 30 years. */
const MAX_DAYS_PAST_DUE = 30 * 366;

/**
 * The date the arrear began, from `overdueSince` (the fact) or, for older callers, `daysPastDue`
 * counted back from the bank's today. Never after today: an amount cannot be overdue in advance.
 */
const overdueSinceOf = (data: ReportPastDue['data'], today: string): string => {
  const hasDate = data.overdueSince !== undefined;
  const hasDays = data.daysPastDue !== undefined;
  if (hasDate === hasDays) {
    throw invalid(
      'CLIENT.INVALID_VALUE',
      'give overdueSince (the date the oldest unpaid amount fell due)',
      'overdueSince',
    );
  }
  if (hasDays) return addDays(today, -requireInteger(data.daysPastDue, 'daysPastDue', 1, MAX_DAYS_PAST_DUE));
  if (!isBankDate(data.overdueSince)) {
    throw invalid('CLIENT.INVALID_VALUE', 'overdueSince must be a date (YYYY-MM-DD)', 'overdueSince');
  }
  const days = daysBetween(data.overdueSince, today);
  if (days < 0) {
    throw invalid('CLIENT.INVALID_VALUE', "overdueSince must not be after the bank's today", 'overdueSince');
  }
  if (days > MAX_DAYS_PAST_DUE) {
    throw invalid('CLIENT.INVALID_VALUE', `overdueSince must be within ${MAX_DAYS_PAST_DUE} days`, 'overdueSince');
  }
  return data.overdueSince;
};

export const reportPastDue = ({ data, metadata }: ReportPastDue, state: ConvertedClientState): ClientEvent[] => {
  const facilityId = requireText(data.facilityId, 'facilityId');
  const amountOverdue = requireDecimal(data.amountOverdue, 'amountOverdue');
  const today = bankDateOf(Date.parse(metadata.now), metadata.calendar.timeZone);
  const overdueSince = overdueSinceOf(data, today);
  const facility = requireFacility(state, facilityId);
  const daysPastDue = daysPastDueOn(overdueSince, today);
  // The same arrear reported again (a nightly feed) is no news.
  if (facility.overdueSince === overdueSince && facility.amountOverdue === amountOverdue) return [];
  return [{ type: 'PaymentPastDue', data: { facilityId, overdueSince, daysPastDue, amountOverdue } }];
};

export const clearPastDue = ({ data }: ClearPastDue, state: ConvertedClientState): ClientEvent[] => {
  const facilityId = requireText(data.facilityId, 'facilityId');
  if (requireFacility(state, facilityId).overdueSince === null) {
    throw ruleViolation('FACILITY.NOT_PAST_DUE', `facility ${facilityId} is not past due`, 'facilityId');
  }
  return [{ type: 'PastDueCleared', data: { facilityId } }];
};

export const applyCreditRatingChanged = (
  state: ExistingClientState,
  { data }: CreditRatingChanged,
): ExistingClientState => ({ ...state, rating: data.to });

export const applyLoanClassificationChanged = (
  state: ExistingClientState,
  { data }: LoanClassificationChanged,
): ExistingClientState => ({ ...state, classification: data.to });

export const applyCreditLimitSet = (state: ExistingClientState, { data }: CreditLimitSet): ExistingClientState => {
  const { facilityId, limit, currency } = data;
  const existing = state.facilities.get(facilityId);
  return {
    ...state,
    facilities: withEntry(state.facilities, facilityId, {
      limit,
      currency,
      drawn: existing?.drawn ?? '0',
      overdueSince: existing?.overdueSince ?? null,
      amountOverdue: existing?.amountOverdue ?? '0',
      type: existing?.type ?? null,
      maturityDate: existing?.maturityDate ?? null,
      nextReviewDate: existing?.nextReviewDate ?? null,
    }),
  };
};

export const applyCreditUtilisationReported = (
  state: ExistingClientState,
  { data }: CreditUtilisationReported,
): ExistingClientState => ({
  ...state,
  facilities: updateEntry(state.facilities, data.facilityId, (facility) => ({ ...facility, drawn: data.drawn })),
});

export const applyPaymentPastDue = (state: ExistingClientState, { data }: PaymentPastDue): ExistingClientState => ({
  ...state,
  facilities: updateEntry(state.facilities, data.facilityId, (facility) => ({
    ...facility,
    overdueSince: data.overdueSince,
    amountOverdue: data.amountOverdue,
  })),
});

export const applyPastDueCleared = (state: ExistingClientState, { data }: PastDueCleared): ExistingClientState => ({
  ...state,
  facilities: updateEntry(state.facilities, data.facilityId, (facility) => ({
    ...facility,
    overdueSince: null,
    amountOverdue: '0',
  })),
});
