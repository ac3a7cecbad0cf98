import { bankDateOf, daysBetween, isBankDate } from '../calendar/bank-date';
import { compareDecimal } from '../common/decimal';
import { conflict, invalid, notFound, ruleViolation } from '../common/domain-error';
import { PRODUCT_CATEGORIES } from '../common/scales';
import type { CloseProductHolding, OpenProductHolding, ReportHoldingBalance } from './client.commands';
import type { ClientEvent, HoldingBalanceReported, ProductHoldingClosed, ProductHoldingOpened } from './client.events';
import type { ExistingClientState, HoldingState } from './client.state';
import type { ConvertedClientState } from './client-lifecycle.decider';
import { updateEntry, withEntry } from './state-collections';
import { requireCurrency, requireDecimal, requireOn, requireSignedDecimal, requireText } from './validation';

export const openProductHolding = ({ data }: OpenProductHolding, state: ConvertedClientState): ClientEvent[] => {
  const holdingId = requireText(data.holdingId, 'holdingId');
  const productCode = requireText(data.productCode, 'productCode');
  const category = requireOn(PRODUCT_CATEGORIES, data.category, 'category');
  const amount = requireDecimal(data.amount, 'amount');
  if (state.holdings.has(holdingId)) {
    throw conflict('PRODUCT.ALREADY_OPENED', `product holding ${holdingId} is already opened`);
  }
  return [{ type: 'ProductHoldingOpened', data: { holdingId, productCode, category, amount } }];
};

export const closeProductHolding = ({ data }: CloseProductHolding, state: ConvertedClientState): ClientEvent[] => {
  const holdingId = requireText(data.holdingId, 'holdingId');
  const reason = requireText(data.reason, 'reason');
  const holding = state.holdings.get(holdingId);
  if (holding === undefined) throw notFound('PRODUCT.NOT_FOUND', `product holding ${holdingId} does not exist`);
  if (holding.status === 'closed') {
    throw conflict('PRODUCT.ALREADY_CLOSED', `product holding ${holdingId} is already closed`);
  }
  return [{ type: 'ProductHoldingClosed', data: { holdingId, reason } }];
};

/** A balance dated in the future is a typo: the core system reports days that have ended. */
const requireAsOf = (value: unknown, today: string): string => {
  if (!isBankDate(value)) throw invalid('CLIENT.INVALID_VALUE', 'asOf must be a date (YYYY-MM-DD)', 'asOf');
  if (daysBetween(value, today) < 0) {
    throw invalid('CLIENT.INVALID_VALUE', "asOf must not be after the bank's today", 'asOf');
  }
  return value;
};

const requireOpenHolding = (state: ConvertedClientState, holdingId: string): HoldingState => {
  const holding = state.holdings.get(holdingId);
  if (holding === undefined) throw notFound('PRODUCT.NOT_FOUND', `product holding ${holdingId} does not exist`);
  // A closed holding has no balance to report; its last one stays its record.
  if (holding.status === 'closed') {
    throw conflict('PRODUCT.ALREADY_CLOSED', `product holding ${holdingId} is closed`);
  }
  return holding;
};

export const reportHoldingBalance = (
  { data, metadata }: ReportHoldingBalance,
  state: ConvertedClientState,
): ClientEvent[] => {
  const holdingId = requireText(data.holdingId, 'holdingId');
  const balance = requireSignedDecimal(data.balance, 'balance');
  const currency = requireCurrency(data.currency);
  const asOf = requireAsOf(data.asOf, bankDateOf(Date.parse(metadata.now), metadata.calendar.timeZone));
  const holding = requireOpenHolding(state, holdingId);
  if (holding.currency !== null && holding.currency !== currency) {
    throw ruleViolation(
      'PRODUCT.CURRENCY_MISMATCH',
      `product holding ${holdingId} is in ${holding.currency}, not ${currency}`,
      'currency',
    );
  }
  // The nightly feed repeats the latest balance; only the same date and amount is no news.
  const latest = holding.balance;
  if (latest !== null && latest.asOf === asOf && compareDecimal(latest.amount, balance) === 0) return [];
  return [{ type: 'HoldingBalanceReported', data: { holdingId, balance, currency, asOf } }];
};

export const applyProductHoldingOpened = (
  state: ExistingClientState,
  { data }: ProductHoldingOpened,
): ExistingClientState => ({
  ...state,
  holdings: withEntry(state.holdings, data.holdingId, {
    productCode: data.productCode,
    category: data.category,
    status: 'open',
    currency: null,
    balance: null,
  }),
});

export const applyProductHoldingClosed = (
  state: ExistingClientState,
  { data }: ProductHoldingClosed,
): ExistingClientState => ({
  ...state,
  holdings: updateEntry(state.holdings, data.holdingId, (holding) => ({ ...holding, status: 'closed' })),
});

/**
 * The current balance is the one of the latest as-of date (a restatement of that date replaces it);
 * an older report is history for the read models and leaves it alone.
 */
export const applyHoldingBalanceReported = (
  state: ExistingClientState,
  { data }: HoldingBalanceReported,
): ExistingClientState => ({
  ...state,
  holdings: updateEntry(state.holdings, data.holdingId, (holding) => ({
    ...holding,
    currency: data.currency,
    balance:
      holding.balance === null || daysBetween(holding.balance.asOf, data.asOf) >= 0
        ? { amount: data.balance, asOf: data.asOf }
        : holding.balance,
  })),
});

/** The product holdings' commands, routed here as one group so the client decider stays one screen. */
export const decideProducts = (
  command: OpenProductHolding | CloseProductHolding | ReportHoldingBalance,
  state: ConvertedClientState,
): ClientEvent[] => {
  switch (command.type) {
    case 'OpenProductHolding':
      return openProductHolding(command, state);
    case 'CloseProductHolding':
      return closeProductHolding(command, state);
    case 'ReportHoldingBalance':
      return reportHoldingBalance(command, state);
  }
};

export const evolveProducts = (
  state: ExistingClientState,
  event: ProductHoldingOpened | ProductHoldingClosed | HoldingBalanceReported,
): ExistingClientState => {
  switch (event.type) {
    case 'ProductHoldingOpened':
      return applyProductHoldingOpened(state, event);
    case 'ProductHoldingClosed':
      return applyProductHoldingClosed(state, event);
    case 'HoldingBalanceReported':
      return applyHoldingBalanceReported(state, event);
  }
};
