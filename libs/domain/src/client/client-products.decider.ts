import { conflict, notFound } from '../common/domain-error';
import { PRODUCT_CATEGORIES } from '../common/scales';
import type { CloseProductHolding, OpenProductHolding } from './client.commands';
import type { ClientEvent, ProductHoldingClosed, ProductHoldingOpened } from './client.events';
import type { ExistingClientState } from './client.state';
import type { ConvertedClientState } from './client-lifecycle.decider';
import { updateEntry, withEntry } from './state-collections';
import { requireDecimal, requireOn, requireText } from './validation';

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

export const applyProductHoldingOpened = (
  state: ExistingClientState,
  { data }: ProductHoldingOpened,
): ExistingClientState => ({
  ...state,
  holdings: withEntry(state.holdings, data.holdingId, {
    productCode: data.productCode,
    category: data.category,
    status: 'open',
  }),
});

export const applyProductHoldingClosed = (
  state: ExistingClientState,
  { data }: ProductHoldingClosed,
): ExistingClientState => ({
  ...state,
  holdings: updateEntry(state.holdings, data.holdingId, (holding) => ({ ...holding, status: 'closed' })),
});
