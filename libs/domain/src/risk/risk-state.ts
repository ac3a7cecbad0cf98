import { compareFinancialPeriods, parseFinancialPeriod, type FinancialPeriod } from '../credit/financial-period';
import {
  CLIENT_TIERS,
  CREDIT_RATINGS,
  FACILITY_TYPES,
  LOAN_CLASSIFICATIONS,
  MANAGER_LEVELS,
  SEVERITIES,
  type ClientTier,
  type CreditRating,
  type FacilityType,
  type LoanClassification,
  type ManagerLevel,
  type Severity,
} from '../common/scales';
import {
  currencyField,
  dateField,
  decimalField,
  idField,
  instantField,
  scaleField,
  signedDecimalField,
} from './event-data';
import { addUtcMonths, DAY_MS, formatInstant, parseInstant } from './instant';
import { ownValue, withEntry, withoutEntry, type IdRecord } from './own-record';
import type { RiskEvent } from './risk-event';
import type { RiskRuleId } from './risk-rule-id';
import { MAX_HOLDINGS_WINDOW_DAYS, MAX_RATING_WINDOW_MONTHS } from './risk-rules.config';
import type { RiskBand } from './severity-rank';

export type FacilityRisk = Readonly<{
  /** null until a CreditLimitSet is seen; utilisation needs it. */
  limit: string | null;
  /** null until the first utilisation report. */
  drawn: string | null;
  /**
   * The date the oldest unpaid amount fell due; null when current. Days past due are counted from
   * it at the instant a rule looks, so an arrear ages without new reports.
   */
  overdueSince: string | null;
  /** Set by FacilityTermsSet; absent for facilities recorded before facility types (watched as revolving). */
  type?: FacilityType;
  /** The next credit review (bank date); absent or null when none is set. */
  nextReviewDate?: string | null;
  /** The limit's currency (CreditLimitSet); absent until a limit is set, and in states stored before it was kept. */
  currency?: string;
}>;

/** A rating and the instant it took effect. */
export type RatingEntry = Readonly<{ at: string; rating: CreditRating }>;

export type FinancialReport = Readonly<{
  period: string;
  revenue: string;
  netProfit: string;
  totalAssets: string;
  totalLiabilities: string;
  currency: string;
}>;

export type HoldingRisk = Readonly<{ openedAt: string; closedAt: string | null }>;

/**
 * The small per-client state the early-warning rules read (docs/decisions.md §23). The risk monitor stores it
 * between events, so it is plain JSON: no Map, Set, Date or bigint; instants are UTC ISO strings,
 * amounts decimal strings. It holds business facts only (no names, contacts or free text; the
 * industry is a business classification, published on Kafka too), so it needs no care on erasure.
 */
export type ClientRiskState = Readonly<{
  clientId: string;
  tier: ClientTier | null;
  /** Level of the covering manager when assigned (ManagerAssigned.managerLevel). */
  managerLevel: ManagerLevel | null;
  /**
   * The covering manager departed (CoverageLapsed) and nobody was assigned since. Absent means
   * covered (states stored before it was kept, and every state after a ManagerAssigned).
   */
  coverageLapsed?: true;
  facilities: IdRecord<FacilityRisk>;
  classification: LoanClassification | null;
  /** Oldest first: the rating in force at the horizon (36 months back) and every change since. */
  ratings: readonly RatingEntry[];
  /** flagId → severity of each open risk flag. */
  openFlags: IdRecord<Severity>;
  /**
   * One report per period (a restatement replaces it), oldest period first by the shared period
   * order, so the last is the latest period; periods ending more than a year before the latest
   * are dropped (see addFinancials). States stored before this order was kept may hold reports in
   * arrival order: read the latest with latestReport, never by position.
   */
  financials: readonly FinancialReport[];
  /**
   * The client's industry as registered or last changed (ProspectRegistered, ClientProfileUpdated;
   * not personal: client.personal-data.ts). EW-FIN picks its leverage limit by it. null until
   * seen; absent from states stored before it was kept.
   */
  industry: string | null;
  lastContactAt: string | null;
  /** When the client last entered the core/key tiers; null outside them. */
  becameCoreOrKeyAt: string | null;
  /**
   * The corporate group the client heads (ClientGroupFormed) or belongs to (ClientJoinedGroup);
   * absent when none. EW-GROUP counts the client's exposure towards it.
   */
  groupId?: string;
  /** Open holdings, and closed ones for as long as a churn window can look back. */
  holdings: IdRecord<HoldingRisk>;
  /**
   * Per rule, the band last evaluated (the edge trigger compares against it); missing = null.
   * For EW-CHURN it is the band of the holdings-closed share: its complaint signal is an event
   * and has no band.
   */
  bands: Readonly<Partial<Record<RiskRuleId, RiskBand>>>;
  /**
   * Per rule, the stage last evaluated within its band (a DPD bucket, a classification): a rule
   * whose severity stays while the facts worsen (60 → 90 days, doubtful → loss) escalates on a
   * higher stage. Missing = 0; absent in states saved before stages existed.
   */
  stages?: Readonly<Partial<Record<RiskRuleId, number>>>;
  /** Per rule, the alert episode in play; missing = 1. The monitor bumps it when an alert is resolved. */
  alerts: Readonly<Partial<Record<RiskRuleId, Readonly<{ episode: number }>>>>;
}>;

/** A safety cap: ratings change rarely, and the window needs the peak, not a long tail. */
const MAX_RATING_ENTRIES = 64;

export const initialRiskState = (clientId: string): ClientRiskState => ({
  clientId,
  tier: null,
  managerLevel: null,
  facilities: {},
  classification: null,
  ratings: [],
  openFlags: {},
  financials: [],
  industry: null,
  lastContactAt: null,
  becameCoreOrKeyAt: null,
  holdings: {},
  bands: {},
  stages: {},
  alerts: {},
});

/** The tiers whose coverage the bank watches (EW-COVER) and whose complaints signal churn. */
export const isCoreOrKey = (tier: ClientTier | null): tier is 'core' | 'key' => tier === 'core' || tier === 'key';

const NO_FACILITY: FacilityRisk = { limit: null, drawn: null, overdueSince: null };

const updateFacility = (
  state: ClientRiskState,
  facilityId: string,
  change: Partial<FacilityRisk>,
): ClientRiskState => ({
  ...state,
  facilities: withEntry(state.facilities, facilityId, {
    ...(ownValue(state.facilities, facilityId) ?? NO_FACILITY),
    ...change,
  }),
});

/**
 * Appends a rating change. The event's `from` is recorded first when the history does not end
 * with it (a monitor that started mid-history, or a missed event): it was in force until now,
 * so a single two-notch downgrade counts as a fall of two notches.
 */
const addRating = (
  state: ClientRiskState,
  at: number,
  from: CreditRating | null,
  to: CreditRating,
): ClientRiskState => {
  const stamp = formatInstant(at);
  const last = state.ratings[state.ratings.length - 1];
  const entries: RatingEntry[] = [...state.ratings];
  if (from !== null && last?.rating !== from) entries.push({ at: stamp, rating: from });
  entries.push({ at: stamp, rating: to });
  // Event times only rarely step back (clock skew between writers); a stable sort by time keeps
  // the history in the order the window lookups assume, and keeps stream order among equals.
  entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { ...state, ratings: pruneRatings(entries, at) };
};

/** Keeps what any allowed window can need: the rating in force at the horizon and all later ones. */
const pruneRatings = (entries: readonly RatingEntry[], at: number): RatingEntry[] => {
  const horizon = addUtcMonths(at, -MAX_RATING_WINDOW_MONTHS);
  let firstKept = 0;
  entries.forEach((entry, index) => {
    if (Date.parse(entry.at) <= horizon) firstKept = index;
  });
  return entries.slice(firstKept).slice(-MAX_RATING_ENTRIES);
};

/**
 * Files a report by its period: a restatement replaces the report of its period, and arrival
 * order plays no part, so a late report of an older period never poses as the latest. EW-FIN
 * sets the latest period against the same period a year earlier; a later latest period ends no
 * earlier than this one, so its year-earlier period does too, and a report ending more than 12
 * months before the latest can never be read again. That bounds the state at 23 reports (13
 * months, 5 quarters, 3 halves and 2 years) even when all four kinds interleave. A state stored
 * before reports were filed this way is sorted here too, and a report whose period does not parse
 * is dropped.
 */
const addFinancials = (state: ClientRiskState, report: FinancialReport): ClientRiskState => {
  const filed = [...state.financials.filter((held) => held.period !== report.period), report]
    .map((held) => ({ held, period: parseFinancialPeriod(held.period) }))
    .filter((entry): entry is { held: FinancialReport; period: FinancialPeriod } => entry.period !== null)
    .sort((a, b) => compareFinancialPeriods(a.period, b.period));
  const horizon = (filed[filed.length - 1]?.period.endMonth ?? 0) - 12;
  return { ...state, financials: filed.filter(({ period }) => period.endMonth >= horizon).map(({ held }) => held) };
};

const changeTier = (state: ClientRiskState, at: number, to: ClientTier): ClientRiskState => {
  const becameCoreOrKeyAt = !isCoreOrKey(to)
    ? null
    : isCoreOrKey(state.tier)
      ? (state.becameCoreOrKeyAt ?? formatInstant(at))
      : formatInstant(at);
  return { ...state, tier: to, becameCoreOrKeyAt };
};

const logContact = (state: ClientRiskState, contactAt: number): ClientRiskState => {
  const last = parseInstant(state.lastContactAt);
  // Contacts may be logged late and out of order; the latest one counts.
  return last !== null && last >= contactAt ? state : { ...state, lastContactAt: formatInstant(contactAt) };
};

/** Closed holdings older than any churn window can reach are dropped so the state stays small. */
const pruneHoldings = (holdings: IdRecord<HoldingRisk>, at: number): IdRecord<HoldingRisk> => {
  const horizon = at - MAX_HOLDINGS_WINDOW_DAYS * DAY_MS;
  return Object.fromEntries(
    Object.entries(holdings).filter(([, holding]) => {
      const closedAt = parseInstant(holding.closedAt);
      return closedAt === null || closedAt >= horizon;
    }),
  );
};

const closeHolding = (state: ClientRiskState, holdingId: string, at: number): ClientRiskState => {
  const holding = ownValue(state.holdings, holdingId);
  // A holding never seen opened cannot be weighed against the others; a second close changes nothing.
  if (holding === undefined || holding.closedAt !== null) return state;
  const closed = withEntry(state.holdings, holdingId, { ...holding, closedAt: formatInstant(at) });
  return { ...state, holdings: pruneHoldings(closed, at) };
};

/** The report a FinancialsReported carries, or null when a field the rules compare is unusable. */
const financialReportOf = (data: RiskEvent['data']): FinancialReport | null => {
  // A period the rules cannot place in time cannot be the latest or a year-earlier basis.
  const period = parseFinancialPeriod(idField(data, 'period'))?.code ?? null;
  const revenue = decimalField(data, 'revenue');
  const netProfit = signedDecimalField(data, 'netProfit');
  const totalAssets = decimalField(data, 'totalAssets');
  const totalLiabilities = decimalField(data, 'totalLiabilities');
  const currency = idField(data, 'currency');
  if (period === null || revenue === null || netProfit === null) return null;
  if (totalAssets === null || totalLiabilities === null || currency === null) return null;
  return { period, revenue, netProfit, totalAssets, totalLiabilities, currency };
};

/** Ratings, classification, facilities, risk flags and financials; undefined for any other event. */
const foldCreditFact = (state: ClientRiskState, event: RiskEvent, at: number): ClientRiskState | undefined => {
  const data = event.data;
  switch (event.type) {
    case 'FinancialsReported': {
      const report = financialReportOf(data);
      return report === null ? state : addFinancials(state, report);
    }
    case 'CreditRatingChanged': {
      const to = scaleField(data, 'to', CREDIT_RATINGS);
      return to === null ? state : addRating(state, at, scaleField(data, 'from', CREDIT_RATINGS), to);
    }
    case 'LoanClassificationChanged': {
      const to = scaleField(data, 'to', LOAN_CLASSIFICATIONS);
      return to === null ? state : { ...state, classification: to };
    }
    case 'CreditLimitSet': {
      const facilityId = idField(data, 'facilityId');
      const limit = decimalField(data, 'limit');
      const currency = currencyField(data, 'currency');
      if (facilityId === null || limit === null) return state;
      return updateFacility(state, facilityId, currency === null ? { limit } : { limit, currency });
    }
    case 'ClientGroupFormed':
    case 'ClientJoinedGroup': {
      const groupId = idField(data, 'groupId');
      return groupId === null ? state : { ...state, groupId };
    }
    case 'ClientLeftGroup': {
      if (idField(data, 'groupId') !== state.groupId) return state;
      const { groupId: _left, ...outside } = state;
      return outside;
    }
    case 'FacilityTermsSet': {
      const facilityId = idField(data, 'facilityId');
      const type = scaleField(data, 'type', FACILITY_TYPES);
      if (facilityId === null || type === null) return state;
      return updateFacility(state, facilityId, { type, nextReviewDate: dateField(data, 'nextReviewDate') });
    }
    case 'CreditUtilisationReported': {
      const facilityId = idField(data, 'facilityId');
      const drawn = decimalField(data, 'drawn');
      return facilityId === null || drawn === null ? state : updateFacility(state, facilityId, { drawn });
    }
    case 'PaymentPastDue': {
      const facilityId = idField(data, 'facilityId');
      const overdueSince = dateField(data, 'overdueSince');
      return facilityId === null || overdueSince === null ? state : updateFacility(state, facilityId, { overdueSince });
    }
    case 'PastDueCleared': {
      const facilityId = idField(data, 'facilityId');
      return facilityId === null ? state : updateFacility(state, facilityId, { overdueSince: null });
    }
    case 'RiskFlagRaised': {
      const flagId = idField(data, 'flagId');
      const severity = scaleField(data, 'severity', SEVERITIES);
      return flagId === null || severity === null
        ? state
        : { ...state, openFlags: withEntry(state.openFlags, flagId, severity) };
    }
    case 'RiskFlagCleared': {
      const flagId = idField(data, 'flagId');
      return flagId === null ? state : { ...state, openFlags: withoutEntry(state.openFlags, flagId) };
    }
    default:
      return undefined;
  }
};

/** Industry, coverage (manager, tier, contacts) and product holdings; undefined for any other event. */
const foldRelationshipFact = (state: ClientRiskState, event: RiskEvent, at: number): ClientRiskState | undefined => {
  const data = event.data;
  switch (event.type) {
    // The v1 ClientProfileUpdated carries `industry` exactly when it changed, as ProspectRegistered
    // does at registration; the other profile fields are personal and never reach the rules.
    case 'ProspectRegistered':
    case 'ClientProfileUpdated': {
      const industry = idField(data, 'industry');
      return industry === null ? state : { ...state, industry };
    }
    case 'ManagerAssigned': {
      const level = scaleField(data, 'managerLevel', MANAGER_LEVELS);
      if (level === null) return state;
      const { coverageLapsed: _lapsed, ...covered } = state;
      return { ...covered, managerLevel: level };
    }
    case 'CoverageLapsed':
      return { ...state, coverageLapsed: true };
    case 'ClientTierChanged': {
      const to = scaleField(data, 'to', CLIENT_TIERS);
      return to === null ? state : changeTier(state, at, to);
    }
    case 'ContactLogged': {
      const contactAt = instantField(data, 'occurredAt');
      return contactAt === null ? state : logContact(state, contactAt);
    }
    case 'ProductHoldingOpened': {
      const holdingId = idField(data, 'holdingId');
      if (holdingId === null) return state;
      const holdings = withEntry(state.holdings, holdingId, { openedAt: formatInstant(at), closedAt: null });
      return { ...state, holdings: pruneHoldings(holdings, at) };
    }
    case 'ProductHoldingClosed': {
      const holdingId = idField(data, 'holdingId');
      return holdingId === null ? state : closeHolding(state, holdingId, at);
    }
    default:
      return undefined;
  }
};

/**
 * Folds one client event into the risk state. Pure, total and defensive: an unknown type, or
 * data missing a field the fold needs, leaves the state as it was. Bands are not touched here;
 * they depend on the thresholds and are kept by applyRiskEvent and evaluateSweep.
 */
export const evolveRiskState = (state: ClientRiskState, event: RiskEvent): ClientRiskState => {
  const at = parseInstant(event.occurredAt);
  // Without a usable time the windows and coverage clocks would be wrong; skip the event.
  if (at === null) return state;
  // Events no rule folds (conversion, feedback, surveys, complaints…) leave the state as it is;
  // complaints are read straight off the event by EW-CHURN.
  return foldCreditFact(state, event, at) ?? foldRelationshipFact(state, event, at) ?? state;
};

/**
 * Clients the clock sweep must look at: core and key clients (coverage gaps), and any client with
 * an arrear (it ages by the day) or a facility review coming up. Everyone else changes only
 * with an event.
 */
export const needsClockSweep = (state: ClientRiskState): boolean =>
  isCoreOrKey(state.tier) ||
  Object.values(state.facilities).some(
    (facility) => facility.overdueSince !== null || (facility.nextReviewDate ?? null) !== null,
  );
