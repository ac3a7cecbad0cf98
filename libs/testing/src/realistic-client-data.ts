import {
  complaintDeadlines,
  DEFAULT_COMPLAINT_POLICY,
  weekdaysCalendar,
  type ClientEvent,
  type ClientTier,
  type ContactChannel,
  type ContactDetails,
  type ContactPurpose,
  type FeedbackTheme,
  type LoanClassification,
  type ManagerEvent,
  type ManagerLevel,
  type ProductCategory,
  type RiskFlagType,
  type Role,
  type Segment,
  type Severity,
  CREDIT_RATINGS,
  addDays,
  bankDateOf,
  canCoverCoreClient,
  currentSchemaVersion,
} from '@crm/domain';
import type { EventStore, NewEvent } from '@crm/event-store';

/**
 * A realistic two-year history of a bank's client book, for query benches and read-model tests.
 *
 * Only @crm/domain, @crm/event-store (types) and plain TypeScript here: the bench build compiles
 * this file by relative path and must not pull jest or the @crm/testing barrel in.
 *
 * Shape: managers register first; clients are onboarded (most of the book in the first month,
 * the rest acquired over the two years), then live their lives — contacts at a tier-dependent
 * cadence, follow-ups, facility utilisation, occasional delinquencies, risk flags, cross-selling,
 * surveys and complaints — all interleaved in one global order by time. Contributions follow a
 * Pareto law (α ≈ 1.16: the top 20 % bring ≈ 80 %) and tiers come from the contribution rank.
 *
 * Every event is one the deciders would have produced from a valid command in that state (the
 * spec replays them through `decide`), so projections see nothing a real system could not write.
 *
 * Generation is streaming: per client only a small state and its pending timers are held (a
 * heap of ~8 entries per client), never the event list, so 100,000 clients fit in a few hundred MB.
 */
export type RealisticEvent = Readonly<{ streamId: string; event: NewEvent }>;

export type RealisticClientDataOptions = Readonly<{
  clients: number;
  /** Default one per 2,500 clients, 2 to 40. */
  branches?: number;
  /** Default clients / 100 (at least 2 per branch): a relationship manager covers about 100 clients. */
  managers?: number;
  seed?: number;
  /** End of the simulated window (exclusive); no event is later. Default 2026-11-30T00:00:00Z. */
  endAt?: string;
  /** Length of the window; default 2. */
  years?: number;
}>;

export type ManagerInfo = Readonly<{ managerId: string; branchId: string; level: ManagerLevel }>;

/** Counters filled while the events are generated; complete once the generator is exhausted. */
export type RealisticDataStats = {
  events: number;
  clients: number;
  converted: number;
  byType: Record<string, number>;
  pastDueEpisodes: number;
  pastDueCleared: number;
};

export const mulberry32 = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

/** Pareto shape: top-20 % share = 0.2^(1 − 1/α) ≈ 0.80 for α = 1.16. */
export const PARETO_ALPHA = 1.16;
/** Smallest annual contribution (CNY) of a converted client. */
const PARETO_MIN_CONTRIBUTION = 20_000;
/** Tier by contribution rank (fraction of converted clients above): core 5 %, key 15 %, standard 40 %. */
const TIER_CUTS: ReadonlyArray<readonly [number, ClientTier]> = [
  [0.05, 'core'],
  [0.2, 'key'],
  [0.6, 'standard'],
  [1, 'basic'],
];
const PROSPECT_SHARE = 0.12;
/** Share of the book onboarded in the first month (an existing portfolio), the rest acquired later. */
const INITIAL_BOOK_SHARE = 0.6;

const TIER_INDEX: Readonly<Record<ClientTier, number>> = { core: 0, key: 1, standard: 2, basic: 3 };
/** Per tier (core, key, standard, basic): mean days between contacts. */
const CONTACT_EVERY_DAYS = [12, 30, 70, 160] as const;
/** Per tier: new products per year after onboarding (cross-sell). */
const CROSS_SELL_PER_YEAR = [1.5, 0.8, 0.3, 0.1] as const;
/** Per tier: NPS survey answers per year. */
const NPS_PER_YEAR = [1, 0.7, 0.4, 0.2] as const;
/** Per tier: delinquency episodes per client-year, for clients with facilities. */
const PAST_DUE_PER_YEAR = [0.02, 0.04, 0.08, 0.12] as const;

const COMPLAINTS_PER_YEAR = 0.03;
/** What clients tell their managers for the departments, each with its theme (one draw: the data stays as it was). */
const FEEDBACK_SAMPLES: readonly (readonly [string, FeedbackTheme])[] = [
  ['Wants lower fees on transfers.', 'pricing'],
  ['Asks for longer loan tenors.', 'features'],
  ['Mobile app login is slow.', 'digital'],
  ['Would like a dedicated FX desk.', 'service_quality'],
];
const CITIES = ['SH', 'BJ', 'SZ', 'GZ', 'HZ', 'NJ', 'CD', 'WH', 'XA', 'TJ', 'SU', 'CQ'] as const;
const CITY_NAMES = [
  'Shanghai',
  'Beijing',
  'Shenzhen',
  'Guangzhou',
  'Hangzhou',
  'Nanjing',
  'Chengdu',
  'Wuhan',
  "Xi'an",
  'Tianjin',
  'Suzhou',
  'Chongqing',
] as const;
const SURNAMES = [
  'Li',
  'Wang',
  'Zhang',
  'Liu',
  'Chen',
  'Yang',
  'Huang',
  'Zhao',
  'Wu',
  'Zhou',
  'Xu',
  'Sun',
  'Ma',
  'Zhu',
  'Hu',
  'Guo',
  'He',
  'Lin',
  'Gao',
  'Luo',
] as const;
const GIVEN = [
  'Wei',
  'Fang',
  'Na',
  'Min',
  'Jing',
  'Lei',
  'Qiang',
  'Jun',
  'Yan',
  'Hui',
  'Tao',
  'Ming',
  'Xin',
  'Yu',
  'Hao',
  'Ting',
  'Bo',
  'Lan',
  'Jie',
  'Ying',
] as const;
const INDUSTRIES = [
  'manufacturing',
  'retail',
  'logistics',
  'technology',
  'construction',
  'agriculture',
  'healthcare',
  'energy',
  'real_estate',
  'trading',
] as const;
const WORDS = [
  'Precision',
  'Golden',
  'Eastern',
  'Harmony',
  'Rising',
  'Pacific',
  'Great Wall',
  'Jade',
  'Evergreen',
  'Silver',
  'Pearl',
  'Northern',
  'Bright',
  'United',
  'Prosper',
] as const;
const TRADES: Readonly<Record<(typeof INDUSTRIES)[number], string>> = {
  manufacturing: 'Machinery',
  retail: 'Retail',
  logistics: 'Logistics',
  technology: 'Technology',
  construction: 'Construction',
  agriculture: 'Agricultural',
  healthcare: 'Medical',
  energy: 'Energy',
  real_estate: 'Property',
  trading: 'Trading',
};
const BRAND_A = [
  'Hua',
  'Zhong',
  'Xin',
  'Jin',
  'Tai',
  'Kang',
  'Long',
  'Feng',
  'Heng',
  'Rui',
  'Sheng',
  'Yuan',
  'Bao',
  'Da',
  'Tian',
  'Hai',
  'Ming',
  'Chang',
  'Fu',
  'Guang',
] as const;
const BRAND_B = [
  'xin',
  'tai',
  'da',
  'feng',
  'yuan',
  'sheng',
  'hong',
  'an',
  'rui',
  'cheng',
  'li',
  'kang',
  'tong',
  'hua',
  'ding',
  'mei',
  'jia',
  'yu',
  'xing',
  'bang',
] as const;
const SOURCES = ['referral', 'branch_walk_in', 'campaign', 'cross_sell', 'online'] as const;

type Product = Readonly<{ code: string; category: ProductCategory }>;
const PRODUCTS: Readonly<Record<Segment, readonly Product[]>> = {
  corporate: [
    { code: 'DEP-CORP-01', category: 'deposit' },
    { code: 'LOAN-WC-01', category: 'loan' },
    { code: 'LOAN-TERM-02', category: 'loan' },
    { code: 'PAY-CASH-01', category: 'payment' },
    { code: 'FX-SPOT-01', category: 'fx' },
    { code: 'FX-FWD-02', category: 'fx' },
    { code: 'WM-CORP-01', category: 'wealth' },
    { code: 'INS-PROP-01', category: 'insurance' },
  ],
  sme: [
    { code: 'DEP-SME-01', category: 'deposit' },
    { code: 'LOAN-SME-01', category: 'loan' },
    { code: 'PAY-POS-01', category: 'payment' },
    { code: 'PAY-CASH-01', category: 'payment' },
    { code: 'FX-SPOT-01', category: 'fx' },
    { code: 'INS-PROP-01', category: 'insurance' },
    { code: 'WM-FUND-01', category: 'wealth' },
  ],
  individual: [
    { code: 'DEP-IND-01', category: 'deposit' },
    { code: 'DEP-TIME-03', category: 'deposit' },
    { code: 'WM-FUND-01', category: 'wealth' },
    { code: 'WM-STRUCT-02', category: 'wealth' },
    { code: 'LOAN-MORT-01', category: 'loan' },
    { code: 'PAY-CARD-01', category: 'payment' },
    { code: 'INS-LIFE-01', category: 'insurance' },
    { code: 'FX-SPOT-01', category: 'fx' },
  ],
};
const SUMMARIES: Readonly<Record<ContactPurpose, readonly string[]>> = {
  consultation: [
    'Answered questions on account fees.',
    'Explained the new online banking limits.',
    'Discussed working capital needs.',
  ],
  wealth_advice: [
    'Reviewed the portfolio allocation.',
    'Presented fixed-income wealth products.',
    'Discussed retirement planning.',
  ],
  product_promotion: [
    'Introduced the cash management platform.',
    'Offered an FX hedging facility.',
    'Presented the payroll service.',
  ],
  relationship: [
    'Annual relationship review with the CFO.',
    'Lunch with the owner; business is growing.',
    'Met the new finance director.',
  ],
  risk_review: [
    'Reviewed covenants and recent financials.',
    'Site visit after the overdue payment.',
    'Checked the collateral valuation.',
  ],
  complaint: [
    'Client unhappy with transfer delays.',
    'Discussed the fee complaint and next steps.',
    'Apologised for the service outage.',
  ],
};
const CHANNEL_WEIGHTS: Readonly<Record<ClientTier, readonly number[]>> = {
  // visit, call, meeting, email, event
  core: [35, 25, 25, 5, 10],
  key: [25, 35, 20, 12, 8],
  standard: [10, 50, 10, 25, 5],
  basic: [5, 50, 5, 35, 5],
};
const CHANNELS: readonly ContactChannel[] = ['visit', 'call', 'meeting', 'email', 'event'];
const PURPOSES: readonly ContactPurpose[] = [
  'relationship',
  'consultation',
  'product_promotion',
  'wealth_advice',
  'risk_review',
  'complaint',
];
const PURPOSE_WEIGHTS = [30, 22, 20, 15, 9, 4] as const;
/** NPS answers 0..10; about 17 % detractors, 30 % passives, 53 % promoters (a decent bank). */
const NPS_WEIGHTS = [1, 1, 1, 1, 2, 4, 7, 12, 18, 25, 28] as const;
const CSAT_WEIGHTS = [3, 5, 12, 40, 40] as const;
const FLAG_TYPES: readonly RiskFlagType[] = [
  'litigation',
  'management_change',
  'negative_news',
  'covenant_breach',
  'account_outflow',
  'tax_arrears',
  'fraud_suspicion',
  'other',
];
const FLAG_TYPE_WEIGHTS = [20, 15, 20, 10, 15, 10, 3, 7] as const;
const SEVERITY_LIST: readonly Severity[] = ['low', 'medium', 'high', 'critical'];
const SEVERITY_WEIGHTS = [45, 35, 15, 5] as const;
const FLAG_NOTES: Readonly<Record<RiskFlagType, string>> = {
  litigation: 'Supplier lawsuit filed at the district court.',
  management_change: 'CEO and CFO replaced within a month.',
  negative_news: 'Press reports on product recalls.',
  covenant_breach: 'Leverage covenant breached at the quarter end.',
  account_outflow: 'Large outflows to new counterparties.',
  tax_arrears: 'Tax bureau notice of arrears.',
  fraud_suspicion: 'Invoices could not be verified.',
  other: 'Unusual request flagged by the branch.',
};
const COMPLAINT_CATEGORIES = ['fees', 'service', 'processing_delay', 'product', 'staff_conduct'] as const;
const SYSTEM_ACTOR = { userId: 'core-banking', role: 'service' } as const;
const SURVEY_ACTOR = { userId: 'survey-platform', role: 'service' } as const;

type Facility = {
  id: string;
  limit: number;
  currency: string;
  drawnShare: number;
  pastDue: boolean;
  daysPastDue: number;
  /** What is overdue now: an arrear that runs on adds the instalments it misses. */
  amountOverdue: number;
};
type Holding = { id: string; code: string };

type Client = {
  index: number;
  id: string;
  stream: string;
  branch: number;
  segment: Segment;
  createdAt: number;
  converts: boolean;
  /** Planned at creation from the contribution rank; set on the stream when graded. */
  plannedTier: ClientTier;
  tier: ClientTier | null;
  contribution: number;
  manager: number;
  /** Index on CREDIT_RATINGS. */
  rating: number;
  classification: LoanClassification;
  facilities: Facility[];
  holdings: Holding[];
  contact: ContactDetails;
  /** Correlation of the onboarding, shared by its events. */
  onboarding: string;
};

const enum Kind {
  Assign,
  Convert,
  Grade,
  Contact,
  FollowUpDone,
  Utilisation,
  PastDue,
  PastDueEscalate,
  PastDueClear,
  ClassificationReview,
  Product,
  Survey,
  Flag,
  FlagClear,
  Complaint,
  ComplaintAck,
  ComplaintResolve,
  Review,
  Reassign,
  Profile,
  Demote,
}

type Timer = {
  at: number;
  seq: number;
  /** Client index, or the manager index for Demote. */
  who: number;
  kind: Kind;
  /** The contact, facility, flag or complaint concerned, for follow-up timers. */
  ref: string;
  correlationId: string;
  causationId: string;
};

/** Binary min-heap on (at, seq): seq breaks ties so the order, hence the output, is deterministic. */
class TimerHeap {
  private readonly items: Timer[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Timer | undefined {
    return this.items[0];
  }
  push(timer: Timer): void {
    const items = this.items;
    items.push(timer);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i], items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }
  pop(): Timer | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && before(items[l], items[m])) m = l;
        if (r < items.length && before(items[r], items[m])) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m], items[i]];
        i = m;
      }
    }
    return top;
  }
}
const before = (a: Timer, b: Timer): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);

const hex = (n: number, width: number): string => Math.floor(n).toString(16).padStart(width, '0').slice(-width);

/** Two decimals, as the API and events carry amounts. */
const money = (value: number): string => (Math.round(Math.max(0, value) * 100) / 100).toFixed(2);

export class RealisticClientData {
  readonly branchIds: readonly string[];
  readonly managers: readonly ManagerInfo[];
  readonly start: number;
  readonly end: number;
  readonly stats: RealisticDataStats = {
    events: 0,
    clients: 0,
    converted: 0,
    byType: {},
    pastDueEpisodes: 0,
    pastDueCleared: 0,
  };

  private readonly random: () => number;
  private readonly clientCount: number;
  private readonly branchWeights: readonly number[];
  private readonly managersByBranch: number[][];
  private readonly managerLevels: ManagerLevel[];
  private readonly managerNames: string[];
  /** Contribution rank (0 = largest) of the i-th converted client, in creation order. */
  private readonly ranks: Int32Array;
  private readonly convertedTotal: number;
  private idCounter = 0;
  private seq = 0;
  private clock = 0;
  private used = false;

  constructor(options: RealisticClientDataOptions) {
    const { clients } = options;
    const branches = options.branches ?? Math.min(40, Math.max(2, Math.round(clients / 2_500)));
    const managers = options.managers ?? Math.max(2 * branches, Math.round(clients / 100));
    if (!Number.isInteger(clients) || clients < 1) throw new RangeError('clients must be a positive integer');
    if (managers < 2 * branches) throw new RangeError('need at least two managers per branch');
    this.clientCount = clients;
    this.random = mulberry32(options.seed ?? 2024);
    this.end = Date.parse(options.endAt ?? '2026-11-30T00:00:00.000Z');
    this.start = this.end - Math.round((options.years ?? 2) * YEAR);
    if (!Number.isFinite(this.end)) throw new RangeError('endAt must be an ISO time');

    // Branch sizes are uneven (flagship city branches are larger): Zipf weights, s = 0.5.
    const raw = Array.from({ length: branches }, (_, i) => 1 / Math.sqrt(i + 1));
    const sum = raw.reduce((a, b) => a + b, 0);
    this.branchWeights = raw.map((w) => w / sum);
    this.branchIds = Array.from(
      { length: branches },
      (_, i) => `BR-${CITIES[i % CITIES.length]}-${String(1 + Math.floor(i / CITIES.length)).padStart(3, '0')}`,
    );

    // Two managers per branch first (one of them senior, so every branch can cover core clients),
    // the rest where the clients are; levels mostly associate, some senior, few principal.
    this.managersByBranch = Array.from({ length: branches }, () => []);
    this.managerLevels = [];
    this.managerNames = [];
    const infos: ManagerInfo[] = [];
    for (let m = 0; m < managers; m++) {
      const branch = m < 2 * branches ? m % branches : this.pickWeighted(this.branchWeights);
      const roll = this.random();
      const level: ManagerLevel =
        m < branches ? 'senior' : roll < 0.65 ? 'associate' : roll < 0.92 ? 'senior' : 'principal';
      this.managersByBranch[branch].push(m);
      this.managerLevels.push(level);
      this.managerNames.push(`${this.pick(SURNAMES)} ${this.pick(GIVEN)}`);
      infos.push({ managerId: `M-${10001 + m}`, branchId: this.branchIds[branch], level });
    }
    this.managers = infos;

    // Stratified Pareto draws: rank r gets quantile (r + u) / n, so the 80/20 shape holds even for
    // a few thousand clients instead of depending on whether the sample caught the extreme tail.
    this.convertedTotal = Math.max(1, Math.round(clients * (1 - PROSPECT_SHARE)));
    this.ranks = new Int32Array(this.convertedTotal);
    for (let i = 0; i < this.ranks.length; i++) this.ranks[i] = i;
    for (let i = this.ranks.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      const t = this.ranks[i];
      this.ranks[i] = this.ranks[j];
      this.ranks[j] = t;
    }
  }

  /** The whole history in global order. Call once per instance (the state is consumed). */
  *events(): Generator<RealisticEvent> {
    if (this.used) throw new Error('RealisticClientData.events() may run only once; create a new instance');
    this.used = true;
    const out: RealisticEvent[] = [];
    const timers = new TimerHeap();
    const clients: Client[] = [];
    this.clock = this.start - DAY;

    for (let m = 0; m < this.managers.length; m++) {
      const { managerId, branchId, level } = this.managers[m];
      const correlation = this.uuid(this.clock);
      this.emit(
        out,
        `manager-${managerId}`,
        { type: 'ManagerRegistered', data: { managerId, name: this.managerNames[m], branchId, level } },
        this.clock,
        { userId: 'hr-system', role: 'service' },
        correlation,
        correlation,
      );
    }
    // A few senior managers are demoted in the second year; their core clients become the
    // "core client with a junior manager" exceptions the dashboard and EW-CORE-MGR look for.
    const seniors = this.managerLevels.flatMap((level, m) =>
      level === 'senior' && m >= this.branchIds.length ? [m] : [],
    );
    const demotions = Math.min(
      seniors.length,
      Math.max(seniors.length > 0 ? 1 : 0, Math.round(seniors.length * 0.015)),
    );
    for (let d = 0; d < demotions; d++) {
      const m = seniors[Math.floor(this.random() * seniors.length)];
      this.schedule(timers, this.start + YEAR + this.random() * (YEAR * 0.8), -1 - m, Kind.Demote, '', '', '');
    }
    yield* out.splice(0);

    const initial = Math.round(this.clientCount * INITIAL_BOOK_SHARE);
    const createdAt = (i: number): number =>
      i < initial
        ? this.start + ((i + 0.5) / initial) * 30 * DAY
        : this.start +
          30 * DAY +
          ((i - initial + 0.5) / Math.max(1, this.clientCount - initial)) * (this.end - this.start - 45 * DAY);

    let next = 0;
    let convertedSoFar = 0;
    for (;;) {
      const top = timers.peek();
      const creation = next < this.clientCount ? createdAt(next) : Number.POSITIVE_INFINITY;
      if (top === undefined && creation === Number.POSITIVE_INFINITY) break;
      if (top === undefined || creation <= top.at) {
        // Prospects that never convert are spread evenly through the book; the rest get ranks.
        const converts =
          convertedSoFar < this.convertedTotal &&
          (next * (1 - PROSPECT_SHARE) >= convertedSoFar ||
            this.clientCount - next <= this.convertedTotal - convertedSoFar);
        const rank = converts ? this.ranks[convertedSoFar++] : -1;
        const client = this.createClient(next, creation, converts, rank);
        clients.push(client);
        this.register(out, timers, client);
        next += 1;
      } else {
        const timer = timers.pop() as Timer;
        if (timer.kind === Kind.Demote) this.demote(out, -1 - timer.who, timer);
        else this.fire(out, timers, clients[timer.who], timer);
      }
      if (out.length > 0) yield* out.splice(0);
    }
  }

  /** Annual contribution (CNY) for a contribution rank among the converted clients. */
  contributionOfRank(rank: number, jitter: number): number {
    const quantile = (rank + jitter) / this.convertedTotal;
    return PARETO_MIN_CONTRIBUTION * Math.pow(quantile, -1 / PARETO_ALPHA);
  }

  // -------------------------------------------------------------------------------------------
  // clients
  // -------------------------------------------------------------------------------------------

  private createClient(index: number, createdAt: number, converts: boolean, rank: number): Client {
    const branch = this.pickWeighted(this.branchWeights);
    const fraction = converts ? rank / this.convertedTotal : 1;
    const plannedTier = tierOfRankFraction(fraction);
    // Big clients are mostly corporates; the long tail mostly individuals and small firms.
    const roll = this.random();
    const segment: Segment =
      plannedTier === 'core'
        ? roll < 0.8
          ? 'corporate'
          : 'sme'
        : plannedTier === 'key'
          ? roll < 0.5
            ? 'corporate'
            : roll < 0.85
              ? 'sme'
              : 'individual'
          : roll < 0.15
            ? 'corporate'
            : roll < 0.45
              ? 'sme'
              : 'individual';
    const rating =
      segment === 'individual'
        ? 3
        : Math.min(
            7,
            Math.max(
              0,
              Math.round(
                3 + (plannedTier === 'core' ? -1.5 : plannedTier === 'key' ? -0.5 : 0.5) + this.normal() * 1.2,
              ),
            ),
          );
    const id = this.uuid(createdAt);
    return {
      index,
      id,
      stream: `client-${id}`,
      branch,
      segment,
      createdAt,
      converts,
      plannedTier,
      tier: null,
      contribution: converts ? this.contributionOfRank(rank, this.random()) : 0,
      manager: -1,
      rating,
      classification: 'normal',
      facilities: [],
      holdings: [],
      contact: {},
      onboarding: this.uuid(createdAt),
    };
  }

  private register(out: RealisticEvent[], timers: TimerHeap, c: Client): void {
    this.stats.clients += 1;
    const industry = this.pick(INDUSTRIES);
    const city = CITY_NAMES[c.branch % CITY_NAMES.length];
    const person = `${this.pick(SURNAMES)} ${this.pick(GIVEN)}${this.pick(GIVEN).toLowerCase()}`;
    const legalName =
      c.segment === 'individual'
        ? person
        : `${city} ${this.pick(BRAND_A)}${this.pick(BRAND_B)} ${this.pick(WORDS)} ${TRADES[industry]} Co., Ltd.`;
    // Unified social credit codes for firms (18 characters), resident id numbers for people.
    const registrationNo =
      c.segment === 'individual'
        ? `3101${hex(c.index * 7919 + 104729, 10).replace(/[a-f]/g, '7')}${String(c.index % 10000).padStart(4, '0')}`
        : `91${310000 + (c.branch % 90) * 100}MA${hex(c.index, 7).toUpperCase()}${c.index % 10}`;
    c.contact = {
      phone: `+86 1${30 + Math.floor(this.random() * 60)} ${String(Math.floor(this.random() * 10000)).padStart(4, '0')} ${String(c.index % 10000).padStart(4, '0')}`,
      ...(this.random() < 0.7
        ? { email: `contact${c.index}@${c.segment === 'individual' ? 'mail' : 'corp'}.example.cn` }
        : {}),
    };
    const source = this.pick(SOURCES);
    this.emit(
      out,
      c.stream,
      {
        type: 'ProspectRegistered',
        data: {
          clientId: c.id,
          branchId: this.branchIds[c.branch],
          segment: c.segment,
          industry,
          legalName,
          registrationNo,
          contact: c.contact,
          source,
          ...(source === 'referral' ? { referredBy: `client-referral-${1 + Math.floor(this.random() * 5000)}` } : {}),
        },
      },
      c.createdAt,
      this.rmActor(-1, c.branch),
      c.onboarding,
      c.onboarding,
    );
    // Most prospects get a manager at once; a few unconverted ones wait in the branch's pool.
    if (c.converts || this.random() < 0.7)
      this.schedule(
        timers,
        c.createdAt + (10 + this.random() * 80) * 60_000,
        c.index,
        Kind.Assign,
        '',
        c.onboarding,
        c.onboarding,
      );
  }

  private fire(out: RealisticEvent[], timers: TimerHeap, c: Client, t: Timer): void {
    switch (t.kind) {
      case Kind.Assign:
        return this.assign(out, timers, c, t);
      case Kind.Convert:
        return this.convert(out, timers, c, t);
      case Kind.Grade:
        return this.grade(out, timers, c, t);
      case Kind.Contact:
        return this.contact(out, timers, c, t);
      case Kind.FollowUpDone:
        this.emit(
          out,
          c.stream,
          { type: 'FollowUpCompleted', data: { contactId: t.ref, completedAt: this.nextTime(t.at) } },
          t.at,
          this.rmActor(c.manager, c.branch),
          t.correlationId,
          t.causationId,
        );
        return;
      case Kind.Utilisation:
        return this.utilisation(out, timers, c, t);
      case Kind.PastDue:
        return this.pastDue(out, timers, c, t);
      case Kind.PastDueEscalate:
        return this.escalate(out, timers, c, t);
      case Kind.PastDueClear:
        return this.clearPastDue(out, timers, c, t);
      case Kind.ClassificationReview:
        if (c.classification !== 'normal' && !c.facilities.some((f) => f.pastDue))
          this.classify(out, c, 'normal', 'arrears cleared; performing for 90 days', t);
        return;
      case Kind.Product:
        return this.product(out, timers, c, t);
      case Kind.Survey:
        return this.survey(out, timers, c, t);
      case Kind.Flag:
        return this.flag(out, timers, c, t);
      case Kind.FlagClear:
        this.emit(
          out,
          c.stream,
          {
            type: 'RiskFlagCleared',
            data: {
              flagId: t.ref,
              reason: this.pick([
                'resolved after review',
                'court case settled',
                'false alarm',
                'management stabilised',
              ]),
            },
          },
          t.at,
          { userId: 'risk-officer-1', role: 'risk_officer' },
          t.correlationId,
          t.causationId,
        );
        return;
      case Kind.Complaint:
        return this.complaint(out, timers, c, t);
      case Kind.ComplaintAck:
        this.emit(
          out,
          c.stream,
          {
            type: 'ComplaintAcknowledged',
            data: {
              complaintId: t.ref,
              acknowledgedAt: this.nextTime(t.at),
              ownerId: this.rmActor(c.manager, c.branch).userId,
            },
          },
          t.at,
          this.rmActor(c.manager, c.branch),
          t.correlationId,
          t.causationId,
        );
        return;
      case Kind.ComplaintResolve: {
        const outcome = this.pick(['upheld', 'partially_upheld', 'not_upheld'] as const);
        this.emit(
          out,
          c.stream,
          {
            type: 'ComplaintResolved',
            data: {
              complaintId: t.ref,
              resolution: this.pick([
                'fee refunded',
                'apology and explanation',
                'process fixed',
                'escalated and settled',
              ]),
              resolvedAt: this.nextTime(t.at),
              outcome,
              ...(outcome === 'not_upheld'
                ? {}
                : { redressAmount: `${100 + Math.floor(this.random() * 4900)}.00`, currency: 'CNY' }),
            },
          },
          t.at,
          this.rmActor(c.manager, c.branch),
          t.correlationId,
          t.causationId,
        );
        return;
      }
      case Kind.Review:
        return this.review(out, timers, c, t);
      case Kind.Reassign:
        return this.reassign(out, timers, c, t);
      case Kind.Profile:
        return this.profile(out, timers, c, t);
      case Kind.Demote:
        return;
    }
  }

  private assign(out: RealisticEvent[], timers: TimerHeap, c: Client, t: Timer): void {
    c.manager = this.chooseManager(c, -1);
    this.emit(
      out,
      c.stream,
      {
        type: 'ManagerAssigned',
        data: {
          managerId: this.managerId(c.manager),
          managerLevel: this.managerLevels[c.manager],
          reason: 'new client',
        },
      },
      t.at,
      this.headActor(c.branch),
      t.correlationId,
      t.correlationId,
    );
    const bookClient = c.createdAt < this.start + 30 * DAY;
    if (c.converts) {
      // The existing book converts at once (it is a migration); new prospects take days to weeks.
      this.schedule(
        timers,
        t.at + (bookClient ? (5 + this.random() * 60) * 60_000 : (3 + this.random() * 57) * DAY),
        c.index,
        Kind.Convert,
        '',
        c.onboarding,
        c.onboarding,
      );
    }
    this.scheduleAfter(timers, t.at + DAY, c, Kind.Contact, this.contactEveryDays(c), 'planned');
    this.scheduleAfter(timers, t.at, c, Kind.Flag, 365 / 0.03);
    this.scheduleAfter(timers, t.at, c, Kind.Complaint, 365 / COMPLAINTS_PER_YEAR);
  }

  private convert(out: RealisticEvent[], timers: TimerHeap, c: Client, t: Timer): void {
    const first = PRODUCTS[c.segment][0];
    this.emit(
      out,
      c.stream,
      { type: 'ProspectConverted', data: { convertedAt: this.nextTime(t.at), firstProductCode: first.code } },
      t.at,
      this.rmActor(c.manager, c.branch),
      t.correlationId,
      t.correlationId,
    );
    this.stats.converted += 1;
    this.schedule(timers, t.at + (1 + this.random() * 70) * HOUR, c.index, Kind.Grade, '', c.onboarding, c.onboarding);
  }

  /** Tier, rating, classification, facilities and the first products: one onboarding burst. */
  private grade(out: RealisticEvent[], timers: TimerHeap, c: Client, t: Timer): void {
    const corr = t.correlationId;
    const tier = c.plannedTier;
    const ti = TIER_INDEX[tier];
    const risk = { userId: 'risk-officer-1', role: 'risk_officer' } as const;
    // The manager may have been demoted since assignment; the decider then refuses "core", so
    // the branch moves the client to a senior manager first, as a branch head would.
    if (tier === 'core' && !canCoverCoreClient(this.managerLevels[c.manager])) {
      const next = this.chooseManager(c, c.manager);
      this.emit(
        out,
        c.stream,
        {
          type: 'ManagerAssigned',
          data: {
            managerId: this.managerId(next),
            managerLevel: this.managerLevels[next],
            previousManagerId: this.managerId(c.manager),
            reason: 'core client needs a senior manager',
          },
        },
        t.at,
        this.headActor(c.branch),
        corr,
        corr,
      );
      c.manager = next;
    }
    this.emit(
      out,
      c.stream,
      {
        type: 'ClientTierChanged',
        data: { from: null, to: tier, annualContribution: money(c.contribution), reason: 'onboarding grading' },
      },
      t.at,
      this.headActor(c.branch),
      corr,
      corr,
    );
    c.tier = tier;
    this.emit(
      out,
      c.stream,
      {
        type: 'CreditRatingChanged',
        data: { from: null, to: CREDIT_RATINGS[c.rating], notches: 0, reason: 'initial rating' },
      },
      t.at,
      risk,
      corr,
      corr,
    );
    this.emit(
      out,
      c.stream,
      { type: 'LoanClassificationChanged', data: { from: null, to: 'normal', reason: 'initial classification' } },
      t.at,
      risk,
      corr,
      corr,
    );
    c.classification = 'normal';

    const facilityRoll = this.random();
    const facilities = [
      2 + Math.floor(facilityRoll * 3),
      1 + Math.floor(facilityRoll * 2),
      facilityRoll < 0.6 ? 1 : 0,
      facilityRoll < 0.3 ? 1 : 0,
    ][ti];
    for (let f = 0; f < facilities; f++) {
      const currency = f === 1 && c.segment === 'corporate' && this.random() < 0.3 ? 'USD' : 'CNY';
      // Limits scale with the relationship: a few years of contribution, at least 100,000.
      const limit = Math.max(
        100_000,
        Math.round((c.contribution * (3 + this.random() * 12)) / (currency === 'USD' ? 7 : 1) / 10_000) * 10_000,
      );
      const facility: Facility = {
        id: `F-${f + 1}`,
        limit,
        currency,
        drawnShare: 0.2 + this.random() * 0.6,
        pastDue: false,
        daysPastDue: 0,
        amountOverdue: 0,
      };
      c.facilities.push(facility);
      this.emit(
        out,
        c.stream,
        { type: 'CreditLimitSet', data: { facilityId: facility.id, limit: money(limit), currency } },
        t.at,
        risk,
        corr,
        corr,
      );
    }
    const holdings = [
      3 + Math.floor(this.random() * 3),
      2 + Math.floor(this.random() * 3),
      1 + Math.floor(this.random() * 2),
      1,
    ][ti];
    const catalog = PRODUCTS[c.segment];
    for (let h = 0; h < holdings; h++)
      this.openHolding(out, c, h === 0 ? catalog[0] : this.pick(catalog), t.at, corr, corr);

    if (c.facilities.length > 0) {
      this.scheduleAfter(timers, t.at, c, Kind.Utilisation, ti === 0 ? 30 : 90, 'cycle');
      this.scheduleAfter(timers, t.at, c, Kind.PastDue, 365 / (PAST_DUE_PER_YEAR[ti] * (c.rating >= 4 ? 2 : 1)));
    }
    this.scheduleAfter(timers, t.at, c, Kind.Product, 365 / CROSS_SELL_PER_YEAR[ti]);
    this.scheduleAfter(timers, t.at, c, Kind.Survey, 365 / NPS_PER_YEAR[ti]);
    this.schedule(timers, t.at + (300 + this.random() * 60) * DAY, c.index, Kind.Review, '', '', '');
    this.scheduleAfter(timers, t.at, c, Kind.Reassign, 365 / 0.04);
    this.scheduleAfter(timers, t.at, c, Kind.Profile, 365 / 0.05);
  }

  private contact(out: RealisticEvent[], timers: TimerHeap, c: Client, t: Timer): void {
    const tier = c.tier ?? c.plannedTier;
    // Unconverted prospects are courted for about half a year, then left alone.
    if (!c.converts && t.at > c.createdAt + 180 * DAY) return;
    const purpose =
      c.facilities.some((f) => f.pastDue) && this.random() < 0.5
        ? 'risk_review'
        : PURPOSES[this.pickIndex(PURPOSE_WEIGHTS)];
    const channel = CHANNELS[this.pickIndex(CHANNEL_WEIGHTS[tier])];
    // Meetings happen in Beijing office hours (01:00–10:00 UTC) and are logged a little later.
    const day = Math.floor(t.at / DAY) * DAY;
    const happened = Math.min(t.at, day + HOUR + this.random() * 9 * HOUR);
    const occurredAt = happened < c.createdAt ? c.createdAt + 1 : happened;
    const logged = Math.max(t.at, occurredAt + (0.25 + this.random() * 4) * HOUR);
    const contactId = this.uuid(logged);
    const followUp = this.random() < 0.3;
    const due = occurredAt + (2 + this.random() * 19) * DAY;
    const correlation = this.uuid(logged);
    const eventId = this.emit(
      out,
      c.stream,
      {
        type: 'ContactLogged',
        data: {
          contactId,
          managerId: this.managerId(c.manager),
          channel,
          purpose,
          summary: this.pick(SUMMARIES[purpose]),
          occurredAt: new Date(occurredAt).toISOString(),
          ...(followUp ? { followUpDue: new Date(due).toISOString() } : {}),
        },
      },
      logged,
      this.rmActor(c.manager, c.branch),
      correlation,
      correlation,
    );
    // Four in five follow-ups get done, around their due date.
    if (followUp && this.random() < 0.8)
      this.schedule(
        timers,
        Math.max(logged + HOUR, due + (this.random() - 0.6) * 5 * DAY),
        c.index,
        Kind.FollowUpDone,
        contactId,
        correlation,
        eventId,
      );
    if (this.random() < 0.03 && c.converts) {
      const department = this.pick(['product', 'service', 'risk'] as const);
      const product = this.pick(PRODUCTS[c.segment]).code;
      const [text, theme] = this.pick(FEEDBACK_SAMPLES);
      this.emit(
        out,
        c.stream,
        {
          type: 'FeedbackForwarded',
          data: {
            feedbackId: this.uuid(logged),
            department,
            ...(department === 'product' ? { productCode: product } : {}),
            theme,
            text,
          },
        },
        logged,
        this.rmActor(c.manager, c.branch),
        correlation,
        eventId,
      );
    }
    if (c.tier !== null && this.random() < 0.05) {
      this.emit(
        out,
        c.stream,
        {
          type: 'SatisfactionRecorded',
          data: {
            surveyId: this.uuid(logged),
            kind: 'csat',
            score: 1 + this.pickIndex(CSAT_WEIGHTS),
            comment: this.pick(['Quick and helpful.', 'Fine.', 'Took too long.', 'Very professional.']),
            managerId: this.managerId(c.manager),
          },
        },
        logged,
        SURVEY_ACTOR,
        correlation,
        eventId,
      );
    }
    this.scheduleAfter(timers, logged, c, Kind.Contact, this.contactEveryDays(c), 'planned');
  }

  private utilisation(out: RealisticEvent[], timers: TimerHeap, c: Client, t: Timer): void {
    const correlation = this.uuid(t.at);
    for (const f of c.facilities) {
      // A random walk of the drawn share; a few run past 90 % and, rarely, over the limit.
      f.drawnShare = Math.min(1.05, Math.max(0, f.drawnShare + this.normal() * 0.08));
      this.emit(
        out,
        c.stream,
        { type: 'CreditUtilisationReported', data: { facilityId: f.id, drawn: money(f.limit * f.drawnShare) } },
        t.at,
        SYSTEM_ACTOR,
        correlation,
        correlation,
      );
    }
    this.scheduleAfter(timers, t.at, c, Kind.Utilisation, c.tier === 'core' ? 30 : 90, 'cycle');
  }

  private pastDue(out: RealisticEvent[], timers: TimerHeap, c: Client, t: Timer): void {
    const current = c.facilities.filter((f) => !f.pastDue);
    if (current.length > 0) {
      const f = current[Math.floor(this.random() * current.length)];
      // Days past due when the core system reports it: log-normal, median 5 days — most are a
      // late transfer, about 5 % pass 30 days and a handful 90.
      const days = Math.max(1, Math.min(180, Math.round(Math.exp(Math.log(5) + 1.1 * this.normal()))));
      const correlation = this.uuid(t.at);
      const eventId = this.reportPastDue(out, c, f, days, t.at, correlation, correlation);
      this.stats.pastDueEpisodes += 1;
      const clearProbability = days <= 30 ? 0.92 : days <= 90 ? 0.6 : 0.25;
      if (this.random() < clearProbability)
        this.schedule(
          timers,
          t.at + (1 + this.random() * (days <= 30 ? 14 : 45)) * DAY,
          c.index,
          Kind.PastDueClear,
          f.id,
          correlation,
          eventId,
        );
      else if (days < 90)
        this.schedule(timers, t.at + 30 * DAY, c.index, Kind.PastDueEscalate, f.id, correlation, eventId);
      if (days > 30) this.downgrade(out, c, days > 90 ? 2 : 1, t.at, correlation, eventId);
    }
    this.scheduleAfter(
      timers,
      t.at,
      c,
      Kind.PastDue,
      365 / (PAST_DUE_PER_YEAR[TIER_INDEX[c.tier ?? 'basic']] * (c.rating >= 4 ? 2 : 1)),
    );
  }

  private escalate(out: RealisticEvent[], timers: TimerHeap, c: Client, t: Timer): void {
    const f = c.facilities.find((x) => x.id === t.ref);
    if (f === undefined || !f.pastDue) return;
    const eventId = this.reportPastDue(out, c, f, f.daysPastDue + 30, t.at, t.correlationId, t.causationId);
    if (this.random() < 0.5)
      this.schedule(
        timers,
        t.at + (5 + this.random() * 40) * DAY,
        c.index,
        Kind.PastDueClear,
        f.id,
        t.correlationId,
        eventId,
      );
  }

  private reportPastDue(
    out: RealisticEvent[],
    c: Client,
    f: Facility,
    days: number,
    at: number,
    correlation: string,
    causation: string,
  ): string {
    // A report on an arrear already running (the escalation) adds the instalment missed since:
    // the same arrear at the same amount would be no news, and the decider records nothing.
    const instalment = Math.max(1_000, f.limit * Math.max(0.05, f.drawnShare) * (0.01 + this.random() * 0.05));
    const amount = (f.pastDue ? f.amountOverdue : 0) + instalment;
    f.pastDue = true;
    f.daysPastDue = days;
    f.amountOverdue = amount;
    const eventId = this.emit(
      out,
      c.stream,
      {
        type: 'PaymentPastDue',
        data: {
          facilityId: f.id,
          overdueSince: addDays(bankDateOf(at, 'Asia/Shanghai'), -days),
          daysPastDue: days,
          amountOverdue: money(amount),
        },
      },
      at,
      SYSTEM_ACTOR,
      correlation,
      causation,
    );
    // China's 2023 measures: any overdue is at least special mention, over 90 days substandard.
    const floor: LoanClassification = days > 90 ? 'substandard' : days > 30 ? 'special_mention' : 'normal';
    const order: readonly LoanClassification[] = ['normal', 'special_mention', 'substandard', 'doubtful', 'loss'];
    if (order.indexOf(floor) > order.indexOf(c.classification))
      this.classify(out, c, floor, `${days} days past due`, { at, correlationId: correlation, causationId: eventId });
    return eventId;
  }

  private clearPastDue(out: RealisticEvent[], timers: TimerHeap, c: Client, t: Timer): void {
    const f = c.facilities.find((x) => x.id === t.ref);
    if (f === undefined || !f.pastDue) return;
    f.pastDue = false;
    f.daysPastDue = 0;
    f.amountOverdue = 0;
    this.stats.pastDueCleared += 1;
    this.emit(
      out,
      c.stream,
      { type: 'PastDueCleared', data: { facilityId: f.id } },
      t.at,
      SYSTEM_ACTOR,
      t.correlationId,
      t.causationId,
    );
    if (c.classification !== 'normal')
      this.schedule(timers, t.at + 90 * DAY, c.index, Kind.ClassificationReview, '', t.correlationId, t.causationId);
  }

  private classify(
    out: RealisticEvent[],
    c: Client,
    to: LoanClassification,
    reason: string,
    t: Readonly<{ at: number; correlationId: string; causationId: string }>,
  ): void {
    if (to === c.classification) return;
    this.emit(
      out,
      c.stream,
      { type: 'LoanClassificationChanged', data: { from: c.classification, to, reason } },
      t.at,
      { userId: 'risk-officer-1', role: 'risk_officer' },
      t.correlationId,
      t.causationId,
    );
    c.classification = to;
  }

  private downgrade(
    out: RealisticEvent[],
    c: Client,
    notches: number,
    at: number,
    correlation: string,
    causation: string,
  ): void {
    const to = Math.min(CREDIT_RATINGS.length - 1, c.rating + notches);
    if (to === c.rating) return;
    this.emit(
      out,
      c.stream,
      {
        type: 'CreditRatingChanged',
        data: {
          from: CREDIT_RATINGS[c.rating],
          to: CREDIT_RATINGS[to],
          notches: to - c.rating,
          reason: 'payment arrears',
        },
      },
      at,
      { userId: 'risk-officer-1', role: 'risk_officer' },
      correlation,
      causation,
    );
    c.rating = to;
  }

  private openHolding(
    out: RealisticEvent[],
    c: Client,
    product: Product,
    at: number,
    correlation: string,
    causation: string,
  ): void {
    const holding: Holding = { id: this.uuid(at), code: product.code };
    c.holdings.push(holding);
    const amount = money(Math.round(Math.max(10_000, c.contribution * (2 + this.random() * 20)) / 100) * 100);
    this.emit(
      out,
      c.stream,
      {
        type: 'ProductHoldingOpened',
        data: { holdingId: holding.id, productCode: product.code, category: product.category, amount },
      },
      at,
      this.rmActor(c.manager, c.branch),
      correlation,
      causation,
    );
    // Core banking reports the opening balance of what counts towards assets under management, so
    // views and dashboards built from generated data show AUM.
    if (product.category === 'deposit' || product.category === 'wealth') {
      this.emit(
        out,
        c.stream,
        {
          type: 'HoldingBalanceReported',
          data: { holdingId: holding.id, balance: amount, currency: 'CNY', asOf: bankDateOf(at, 'Asia/Shanghai') },
        },
        at,
        SYSTEM_ACTOR,
        correlation,
        causation,
      );
    }
  }

  private product(out: RealisticEvent[], timers: TimerHeap, c: Client, t: Timer): void {
    const correlation = this.uuid(t.at);
    if (c.holdings.length > 1 && this.random() < 0.2) {
      const [closed] = c.holdings.splice(1 + Math.floor(this.random() * (c.holdings.length - 1)), 1);
      this.emit(
        out,
        c.stream,
        {
          type: 'ProductHoldingClosed',
          data: { holdingId: closed.id, reason: this.pick(['matured', 'client request', 'moved to another bank']) },
        },
        t.at,
        this.rmActor(c.manager, c.branch),
        correlation,
        correlation,
      );
    } else {
      this.openHolding(out, c, this.pick(PRODUCTS[c.segment]), t.at, correlation, correlation);
    }
    this.scheduleAfter(timers, t.at, c, Kind.Product, 365 / CROSS_SELL_PER_YEAR[TIER_INDEX[c.tier ?? 'basic']]);
  }

  private survey(out: RealisticEvent[], timers: TimerHeap, c: Client, t: Timer): void {
    // Core clients are a little happier (more attention); a delinquent client a little less.
    const shift = (c.tier === 'core' ? 1 : 0) - (c.facilities.some((f) => f.pastDue) ? 2 : 0);
    const score = Math.max(0, Math.min(10, this.pickIndex(NPS_WEIGHTS) + (this.random() < 0.5 ? shift : 0)));
    const correlation = this.uuid(t.at);
    this.emit(
      out,
      c.stream,
      {
        type: 'SatisfactionRecorded',
        data: {
          surveyId: this.uuid(t.at),
          kind: 'nps',
          score,
          comment: score >= 9 ? 'Responsive manager.' : score >= 7 ? 'Fine overall.' : 'Slow answers and high fees.',
          managerId: this.managerId(c.manager),
        },
      },
      t.at,
      SURVEY_ACTOR,
      correlation,
      correlation,
    );
    this.scheduleAfter(timers, t.at, c, Kind.Survey, 365 / NPS_PER_YEAR[TIER_INDEX[c.tier ?? 'basic']]);
  }

  private flag(out: RealisticEvent[], timers: TimerHeap, c: Client, t: Timer): void {
    const type = FLAG_TYPES[this.pickIndex(FLAG_TYPE_WEIGHTS)];
    const severity = SEVERITY_LIST[this.pickIndex(SEVERITY_WEIGHTS)];
    const flagId = this.uuid(t.at);
    const correlation = this.uuid(t.at);
    const eventId = this.emit(
      out,
      c.stream,
      { type: 'RiskFlagRaised', data: { flagId, type, severity, note: FLAG_NOTES[type] } },
      t.at,
      { userId: 'risk-officer-1', role: 'risk_officer' },
      correlation,
      correlation,
    );
    if (this.random() < 0.7)
      this.schedule(
        timers,
        t.at + (7 + this.random() * 113) * DAY,
        c.index,
        Kind.FlagClear,
        flagId,
        correlation,
        eventId,
      );
    this.scheduleAfter(timers, t.at, c, Kind.Flag, 365 / (c.rating >= 4 ? 0.06 : 0.03));
  }

  private complaint(out: RealisticEvent[], timers: TimerHeap, c: Client, t: Timer): void {
    const complaintId = this.uuid(t.at);
    const correlation = this.uuid(t.at);
    const category = this.pick(COMPLAINT_CATEGORIES);
    // Received when logged; the deadlines on the calendar the replay spec decides with.
    const receivedAt = this.nextTime(t.at);
    const eventId = this.emit(
      out,
      c.stream,
      {
        type: 'ComplaintReceived',
        data: {
          complaintId,
          category,
          text: `Complaint about ${category.replace('_', ' ')}.`,
          severity: this.pick(['low', 'medium', 'medium', 'high'] as const),
          channel: this.pick(['branch', 'phone', 'email', 'online'] as const),
          receivedAt,
          ...complaintDeadlines(receivedAt, DEFAULT_COMPLAINT_POLICY, weekdaysCalendar('Asia/Shanghai')),
        },
      },
      t.at,
      { userId: 'service-desk', role: 'service' },
      correlation,
      correlation,
    );
    // Most are acknowledged within the two business days, a few late; all before any resolution
    // (at least 3 days on), and about one in six is never resolved.
    if (this.random() < 0.95)
      this.schedule(
        timers,
        t.at + (0.1 + this.random() * 2.6) * DAY,
        c.index,
        Kind.ComplaintAck,
        complaintId,
        correlation,
        eventId,
      );
    if (this.random() < 0.85)
      this.schedule(
        timers,
        t.at + (3 + this.random() * 27) * DAY,
        c.index,
        Kind.ComplaintResolve,
        complaintId,
        correlation,
        eventId,
      );
    this.scheduleAfter(timers, t.at, c, Kind.Complaint, 365 / COMPLAINTS_PER_YEAR);
  }

  /** Annual review: last year's financials (firms) and, now and then, a rating move of one notch. */
  private review(out: RealisticEvent[], timers: TimerHeap, c: Client, t: Timer): void {
    const correlation = this.uuid(t.at);
    const risk = { userId: 'risk-officer-1', role: 'risk_officer' } as const;
    if (c.segment !== 'individual') {
      const revenue = c.contribution * (20 + this.random() * 40);
      const margin = -0.05 + this.random() * 0.2;
      const assets = revenue * (0.8 + this.random() * 1.2);
      const liabilities = assets * (0.3 + this.random() * 0.6);
      this.emit(
        out,
        c.stream,
        {
          type: 'FinancialsReported',
          data: {
            period: String(new Date(t.at).getUTCFullYear() - 1),
            revenue: money(revenue),
            netProfit: (margin < 0 ? '-' : '') + money(Math.abs(revenue * margin)),
            totalAssets: money(assets),
            totalLiabilities: money(liabilities),
            currency: 'CNY',
          },
        },
        t.at,
        SYSTEM_ACTOR,
        correlation,
        correlation,
      );
    }
    const roll = this.random();
    const to = roll < 0.12 ? Math.max(0, c.rating - 1) : roll < 0.27 ? Math.min(7, c.rating + 1) : c.rating;
    if (to !== c.rating) {
      this.emit(
        out,
        c.stream,
        {
          type: 'CreditRatingChanged',
          data: {
            from: CREDIT_RATINGS[c.rating],
            to: CREDIT_RATINGS[to],
            notches: to - c.rating,
            reason: 'annual review',
          },
        },
        t.at,
        risk,
        correlation,
        correlation,
      );
      c.rating = to;
    }
    this.schedule(timers, t.at + YEAR, c.index, Kind.Review, '', '', '');
  }

  private reassign(out: RealisticEvent[], timers: TimerHeap, c: Client, t: Timer): void {
    const next = this.chooseManager(c, c.manager);
    if (next !== c.manager) {
      const correlation = this.uuid(t.at);
      this.emit(
        out,
        c.stream,
        {
          type: 'ManagerAssigned',
          data: {
            managerId: this.managerId(next),
            managerLevel: this.managerLevels[next],
            previousManagerId: this.managerId(c.manager),
            reason: this.pick(['portfolio rebalancing', 'client request', 'manager workload']),
          },
        },
        t.at,
        this.headActor(c.branch),
        correlation,
        correlation,
      );
      c.manager = next;
    }
    this.scheduleAfter(timers, t.at, c, Kind.Reassign, 365 / 0.04);
  }

  private profile(out: RealisticEvent[], timers: TimerHeap, c: Client, t: Timer): void {
    // A new phone number, unique by construction (the id counter), so the change is never a no-op.
    const contact: ContactDetails = {
      ...c.contact,
      phone: `+86 1${30 + Math.floor(this.random() * 60)} ${hex(this.idCounter, 8).replace(/[a-f]/g, '9')}`,
    };
    c.contact = contact;
    const correlation = this.uuid(t.at);
    this.emit(
      out,
      c.stream,
      { type: 'ClientProfileUpdated', data: { changes: { contact } } },
      t.at,
      this.rmActor(c.manager, c.branch),
      correlation,
      correlation,
    );
    this.scheduleAfter(timers, t.at, c, Kind.Profile, 365 / 0.05);
  }

  private demote(out: RealisticEvent[], m: number, t: Timer): void {
    if (this.managerLevels[m] === 'associate') return;
    const correlation = this.uuid(t.at);
    this.emit(
      out,
      `manager-${this.managerId(m)}`,
      {
        type: 'ManagerLevelChanged',
        data: { from: this.managerLevels[m], to: 'associate', reason: 'performance review' },
      },
      t.at,
      { userId: 'hr-system', role: 'service' },
      correlation,
      correlation,
    );
    this.managerLevels[m] = 'associate';
  }

  // -------------------------------------------------------------------------------------------
  // helpers
  // -------------------------------------------------------------------------------------------

  /** A manager of the client's branch; core clients need senior or above (the decider's rule). */
  private chooseManager(c: Client, current: number): number {
    const pool = this.managersByBranch[c.branch];
    const needsSenior = (c.tier ?? (c.converts ? c.plannedTier : null)) === 'core';
    const eligible = pool.filter((m) => m !== current && (!needsSenior || canCoverCoreClient(this.managerLevels[m])));
    // Associates carry the long tail; seniors and principals are kept for the larger clients.
    if (eligible.length === 0) return current >= 0 ? current : pool[0];
    return eligible[Math.floor(this.random() * eligible.length)];
  }

  private contactEveryDays(c: Client): number {
    return c.converts ? CONTACT_EVERY_DAYS[TIER_INDEX[c.tier ?? c.plannedTier]] : 25;
  }

  /**
   * Next occurrence of a process with the given mean interval (days). Contacts are planned, so
   * their gaps are gamma(2) (regular, rarely very short); reports come on a fixed cycle; rare
   * happenings (delinquencies, flags, complaints, sales) are Poisson, so exponential gaps.
   */
  private scheduleAfter(
    timers: TimerHeap,
    from: number,
    c: Client,
    kind: Kind,
    meanDays: number,
    cadence: 'planned' | 'cycle' | 'poisson' = 'poisson',
  ): void {
    const draw = () => -Math.log(1 - this.random());
    const gap =
      cadence === 'cycle'
        ? meanDays * (0.9 + this.random() * 0.2)
        : cadence === 'planned'
          ? (meanDays * (draw() + draw())) / 2
          : meanDays * draw();
    this.schedule(timers, from + Math.max(0.02, gap) * DAY, c.index, kind, '', '', '');
  }

  private schedule(
    timers: TimerHeap,
    at: number,
    who: number,
    kind: Kind,
    ref: string,
    correlationId: string,
    causationId: string,
  ): void {
    if (at >= this.end) return;
    timers.push({ at, seq: this.seq++, who, kind, ref, correlationId, causationId });
  }

  /** Appends one event; times only move forward (1 ms apart at least), so the log is in time order. */
  private emit(
    out: RealisticEvent[],
    streamId: string,
    event: ClientEvent | ManagerEvent,
    at: number,
    actor: Readonly<{ userId: string; role: Role }>,
    correlationId: string,
    causationId: string,
  ): string {
    const time = this.nextTime(at);
    this.clock = Date.parse(time);
    const eventId = this.uuid(this.clock);
    const correlation = correlationId === '' ? eventId : correlationId;
    out.push({
      streamId,
      event: {
        eventId,
        type: event.type,
        data: event.data,
        metadata: {
          occurredAt: time,
          correlationId: correlation,
          causationId: causationId === '' ? correlation : causationId,
          actor,
        },
        schemaVersion: currentSchemaVersion(event.type),
      },
    });
    this.stats.events += 1;
    this.stats.byType[event.type] = (this.stats.byType[event.type] ?? 0) + 1;
    return eventId;
  }

  /** The time the next emitted event will carry (ISO), for data fields that equal it. */
  private nextTime(at: number): string {
    return new Date(Math.max(Math.round(at), this.clock + 1)).toISOString();
  }

  /** uuid v7 layout (48-bit ms time, version 7, variant 10) with a counter below: unique and time-ordered. */
  private uuid(ms: number): string {
    const n = this.idCounter++;
    const time = hex(Math.max(0, Math.round(ms)), 12);
    const rand = Math.floor(this.random() * 0x1000);
    return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(n / 2 ** 36, 3)}-${hex(0x8000 | (rand & 0x3fff), 4)}-${hex(n % 2 ** 36, 12)}`;
  }

  private managerId(m: number): string {
    return `M-${10001 + m}`;
  }

  private rmActor(m: number, branch: number): Readonly<{ userId: string; role: Role }> {
    return m < 0
      ? this.headActor(branch)
      : { userId: `u-${this.managerId(m).toLowerCase()}`, role: 'relationship_manager' };
  }

  private headActor(branch: number): Readonly<{ userId: string; role: Role }> {
    return { userId: `u-head-${this.branchIds[branch].toLowerCase()}`, role: 'branch_head' };
  }

  private pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.random() * values.length)];
  }

  private pickIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let roll = this.random() * total;
    for (let i = 0; i < weights.length; i++) {
      roll -= weights[i];
      if (roll < 0) return i;
    }
    return weights.length - 1;
  }

  private pickWeighted(weights: readonly number[]): number {
    return this.pickIndex(weights);
  }

  /** Standard normal (Box–Muller). */
  private normal(): number {
    const u = 1 - this.random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.random());
  }
}

/** The tier a contribution rank maps to (fraction of converted clients ranked above it). */
export const tierOfRankFraction = (fraction: number): ClientTier =>
  (TIER_CUTS.find(([cut]) => fraction < cut) ?? TIER_CUTS[TIER_CUTS.length - 1])[1];

/**
 * Appends events in order, `batch` at a time: appends issued together are group-committed by the
 * SQLite store (open it with a `maxGroupSize` of at least `batch` to get one transaction per
 * batch), and within a batch appends keep their order, so the global log keeps the generator's.
 * Returns how many events were appended.
 */
export const appendRealisticClientData = async (
  store: EventStore,
  events: Iterable<RealisticEvent>,
  batch = 4096,
  onProgress?: (appended: number, last: RealisticEvent) => void,
): Promise<number> => {
  let appended = 0;
  let pending: Promise<unknown>[] = [];
  let last: RealisticEvent | undefined;
  for (const item of events) {
    pending.push(store.appendToStream(item.streamId, [item.event], { expectedRevision: 'any' }));
    last = item;
    if (pending.length >= batch) {
      await Promise.all(pending);
      appended += pending.length;
      pending = [];
      onProgress?.(appended, item);
    }
  }
  await Promise.all(pending);
  appended += pending.length;
  if (last !== undefined) onProgress?.(appended, last);
  return appended;
};
