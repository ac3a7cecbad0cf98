import type { ClientTier } from '@crm/domain';
import type { ClientStatus } from '../client-view/client-view';
import { codeUnitOrder } from '../queries/code-unit-order';

/** Why nobody covers the client: no manager was ever assigned, or theirs has departed. */
export type UncoveredReason = 'no_manager' | 'manager_departed';

/** A client or prospect of a branch that no active manager covers. */
export type UncoveredClient = Readonly<{
  id: string;
  legalName: string;
  status: ClientStatus;
  tier: ClientTier | null;
  /** The departed manager still on record; null when there never was one. */
  managerId: string | null;
  reason: UncoveredReason;
}>;

export type UncoveredClients = Readonly<{
  branchId: string;
  items: readonly UncoveredClient[];
  /** Core clients first among what a branch head must re-cover: their count on its own. */
  totals: Readonly<{ clients: number; core: number }>;
}>;

const TIER_ORDER: Readonly<Record<ClientTier | 'none', number>> = { core: 0, key: 1, standard: 2, basic: 3, none: 4 };

/**
 * The branch's uncovered clients, core first (they breach the 80/20 rule soonest), then by name
 * and id in code-unit order, so the order does not depend on the engine's collation.
 */
export const uncoveredClientsOf = (branchId: string, rows: readonly UncoveredClient[]): UncoveredClients => {
  const items = [...rows].sort(
    (a, b) =>
      TIER_ORDER[a.tier ?? 'none'] - TIER_ORDER[b.tier ?? 'none'] ||
      codeUnitOrder(a.legalName, b.legalName) ||
      codeUnitOrder(a.id, b.id),
  );
  return {
    branchId,
    items,
    totals: { clients: items.length, core: items.filter((client) => client.tier === 'core').length },
  };
};
