import type { ClientTier, CreditRating, LoanClassification } from '@crm/domain';
import type { ClientStatus, ClientView } from '../client-view/client-view';
import { groupExposureOf, type GroupExposure } from './group-exposure';

/** A member as the group shows it: who, and where it stands on credit. */
export type ClientGroupMember = Readonly<{
  clientId: string;
  role: 'parent' | 'member';
  legalName: string;
  status: ClientStatus;
  tier: ClientTier | null;
  managerId: string | null;
  rating: CreditRating | null;
  classification: LoanClassification | null;
  openAlerts: number;
}>;

export type ClientGroupDetail = Readonly<{
  /** The parent's client id. */
  id: string;
  name: string;
  parentClientId: string;
  managerId: string;
  /** The parent first, then the members in the order they joined. */
  members: readonly ClientGroupMember[];
  exposure: GroupExposure;
  /** The parent's view revision: the group's record is on the parent's stream. */
  revision: number;
}>;

const memberOf = (view: ClientView, role: ClientGroupMember['role']): ClientGroupMember => ({
  clientId: view.id,
  role,
  legalName: view.legalName,
  status: view.status,
  tier: view.tier,
  managerId: view.manager?.id ?? null,
  rating: view.credit.rating,
  classification: view.credit.classification,
  openAlerts: view.openAlerts.length,
});

/**
 * The group a parent's view heads, with its members' views (in the parent's order; a member the
 * read model does not hold yet is left out until it does); null when the client heads no group.
 */
export const clientGroupDetailOf = (
  parent: ClientView,
  members: ReadonlyMap<string, ClientView>,
): ClientGroupDetail | null => {
  const group = parent.group;
  if (group?.role !== 'parent') return null;
  const views = group.members.flatMap((clientId) => members.get(clientId) ?? []);
  return {
    id: group.id,
    name: group.name,
    parentClientId: parent.id,
    managerId: group.managerId,
    members: [memberOf(parent, 'parent'), ...views.map((view) => memberOf(view, 'member'))],
    exposure: groupExposureOf([parent, ...views]),
    revision: parent.revision,
  };
};
