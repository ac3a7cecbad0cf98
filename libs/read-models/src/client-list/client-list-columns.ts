import type { Severity } from '@crm/domain';
import type { ClientView } from '../client-view/client-view';
import type { RiskLevel } from './risk-level';
import { riskLevelOf } from './risk-level';

/** The list columns the branch dashboard counts (its aggregates are derived from these alone). */
export type DashboardColumns = Readonly<{
  lastContactAt: string | null;
  annualContribution: string | null;
  openProducts: number;
  lastNps: number | null;
  openAlerts: Readonly<Record<Severity, number>>;
}>;

/**
 * What the portfolio, dashboard and search read of a client, kept in `client_view` columns next
 * to the document (written in the same batch): the lists filter and sort on them through indexes
 * and never parse documents. Derived from the view alone, so a replay writes the same values.
 */
export type ClientListColumns = DashboardColumns &
  Readonly<{
    legalName: string;
    registrationNo: string;
    riskLevel: RiskLevel;
    /** Due times of the open follow-ups as a JSON array: "due by now" depends on the request's clock. */
    followUpDues: string;
    /** 'pending' while a credit change waits for approval (maker–checker), else null. */
    creditApproval: 'pending' | null;
  }>;

export const dashboardColumnsOf = (view: ClientView): DashboardColumns => {
  const openAlerts = { low: 0, medium: 0, high: 0, critical: 0 };
  for (const alert of view.openAlerts) openAlerts[alert.severity] += 1;
  return {
    lastContactAt: view.contacts.last?.occurredAt ?? null,
    // Older documents (projected before the field existed) lack it; the migration replays them anyway.
    annualContribution: view.annualContribution ?? null,
    openProducts: view.products.length,
    lastNps: view.satisfaction.lastNps,
    openAlerts,
  };
};

export const listColumnsOf = (view: ClientView): ClientListColumns => ({
  ...dashboardColumnsOf(view),
  legalName: view.legalName,
  registrationNo: view.registrationNo,
  riskLevel: riskLevelOf(view),
  followUpDues: JSON.stringify(view.contacts.openFollowUps.map((f) => f.due)),
  creditApproval: (view.pendingCreditChanges?.length ?? 0) > 0 ? 'pending' : null,
});
