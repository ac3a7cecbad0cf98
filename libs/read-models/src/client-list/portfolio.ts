import type { ClientTier, Severity } from '@crm/domain';
import type { ClientStatus } from '../client-view/client-view';
import type { RiskLevel } from './risk-level';
import { isAtRisk } from './risk-level';
import { codeUnitOrder } from '../queries/code-unit-order';

/** One client of a manager's portfolio, as `portfolio()` reads it from `client_view`. */
export type PortfolioRow = Readonly<{
  clientId: string;
  legalName: string;
  status: ClientStatus;
  tier: ClientTier | null;
  lastContactAt: string | null;
  /** Due times (ISO-8601) of the open follow-ups. */
  followUpDues: readonly string[];
  openAlerts: Readonly<Record<Severity, number>>;
  riskLevel: RiskLevel;
}>;

export type PortfolioClient = Readonly<{
  id: string;
  legalName: string;
  /** Prospects a manager already covers are part of the portfolio (tier null, counted as `none`). */
  status: ClientStatus;
  tier: ClientTier | null;
  lastContactAt: string | null;
  /** Open follow-ups due at or before the request's `now`. */
  followUpsDue: number;
  openAlerts: number;
  riskLevel: RiskLevel;
}>;

export type PortfolioTotals = Readonly<{
  clients: number;
  byTier: Readonly<Record<ClientTier | 'none', number>>;
  followUpsDue: number;
  openAlerts: number;
  /** Clients whose risk level is high or critical. */
  atRisk: number;
}>;

export type Portfolio = Readonly<{ managerId: string; clients: readonly PortfolioClient[]; totals: PortfolioTotals }>;

/**
 * The portfolio at `now`. Sorted here rather than in SQL: SQLite and PostgreSQL collate text
 * differently, and the order must not depend on the engine (code-unit order of the name, then id).
 */
export const portfolioOf = (managerId: string, rows: readonly PortfolioRow[], now: Date): Portfolio => {
  const nowMs = now.getTime();
  const byTier = { core: 0, key: 0, standard: 0, basic: 0, none: 0 };
  let followUpsDue = 0;
  let openAlerts = 0;
  let atRisk = 0;
  const clients = rows.map((row): PortfolioClient => {
    const due = row.followUpDues.filter((d) => Date.parse(d) <= nowMs).length;
    const alerts = row.openAlerts.low + row.openAlerts.medium + row.openAlerts.high + row.openAlerts.critical;
    byTier[row.tier ?? 'none'] += 1;
    followUpsDue += due;
    openAlerts += alerts;
    if (isAtRisk(row.riskLevel)) atRisk += 1;
    return {
      id: row.clientId,
      legalName: row.legalName,
      status: row.status,
      tier: row.tier,
      lastContactAt: row.lastContactAt,
      followUpsDue: due,
      openAlerts: alerts,
      riskLevel: row.riskLevel,
    };
  });
  clients.sort((a, b) => codeUnitOrder(a.legalName, b.legalName) || codeUnitOrder(a.id, b.id));
  return { managerId, clients, totals: { clients: clients.length, byTier, followUpsDue, openAlerts, atRisk } };
};
