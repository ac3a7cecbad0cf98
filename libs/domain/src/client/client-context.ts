import type { ClientTier, CreditRating, LoanClassification, Segment } from '../common/scales';
import type { ClientState } from './client.state';

/**
 * Where a client stands after an event, in the terms other systems route by: branch, segment,
 * tier, covering manager, lifecycle and credit grade. Recorded with each client event (metadata),
 * so a published message says where its client stood then without any consumer keeping a client
 * table. Nothing personal: the profile is left out, and `erased` says only that it was erased.
 */
export type ClientContext = Readonly<{
  status: 'prospect' | 'client';
  branchId: string;
  segment: Segment;
  tier: ClientTier | null;
  managerId: string | null;
  rating: CreditRating | null;
  classification: LoanClassification | null;
  erased: boolean;
}>;

export const clientContextOf = (state: ClientState): ClientContext | undefined =>
  state.status === 'none'
    ? undefined
    : {
        status: state.status,
        branchId: state.branchId,
        segment: state.segment,
        tier: state.tier,
        managerId: state.manager?.managerId ?? null,
        rating: state.rating,
        classification: state.classification,
        erased: state.personalDataErased,
      };
