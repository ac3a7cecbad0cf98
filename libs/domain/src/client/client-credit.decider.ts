import { compareDecimal } from '../shared/decimal';
import { notFound, ruleViolation } from '../shared/domain-error';
import { CREDIT_RATINGS, LOAN_CLASSIFICATIONS, rank } from '../shared/scales';
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

export const setCreditLimit = ({ data }: SetCreditLimit, state: ConvertedClientState): ClientEvent[] => {
  const facilityId = requireText(data.facilityId, 'facilityId');
  const limit = requireDecimal(data.limit, 'limit');
  const currency = requireCurrency(data.currency);
  const facility = state.facilities.get(facilityId);
  if (facility !== undefined) {
    if (facility.currency !== currency) {
      throw ruleViolation(
        'FACILITY.CURRENCY_MISMATCH',
        `facility ${facilityId} is in ${facility.currency}, not ${currency}`,
        'currency',
      );
    }
    // Numeric comparison so "100" and "100.00" count as the same limit.
    if (compareDecimal(facility.limit, limit) === 0) return [];
  }
  return [{ type: 'CreditLimitSet', data: { facilityId, limit, currency } }];
};

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

export const reportPastDue = ({ data }: ReportPastDue, state: ConvertedClientState): ClientEvent[] => {
  const facilityId = requireText(data.facilityId, 'facilityId');
  const daysPastDue = requireInteger(data.daysPastDue, 'daysPastDue', 1, Number.MAX_SAFE_INTEGER);
  const amountOverdue = requireDecimal(data.amountOverdue, 'amountOverdue');
  requireFacility(state, facilityId);
  return [{ type: 'PaymentPastDue', data: { facilityId, daysPastDue, amountOverdue } }];
};

export const clearPastDue = ({ data }: ClearPastDue, state: ConvertedClientState): ClientEvent[] => {
  const facilityId = requireText(data.facilityId, 'facilityId');
  if (requireFacility(state, facilityId).daysPastDue === 0) {
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
      daysPastDue: existing?.daysPastDue ?? 0,
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
    daysPastDue: data.daysPastDue,
  })),
});

export const applyPastDueCleared = (state: ExistingClientState, { data }: PastDueCleared): ExistingClientState => ({
  ...state,
  facilities: updateEntry(state.facilities, data.facilityId, (facility) => ({ ...facility, daysPastDue: 0 })),
});
