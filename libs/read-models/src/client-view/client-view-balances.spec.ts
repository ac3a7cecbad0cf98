import { addDays, decimalOfUnits, startOfBankDate, toUnits, type ClientEvent } from '@crm/domain';
import { mulberry32, RecordedLog } from '@crm/testing';
import type { BalanceHistory, FacilitySeries, HoldingBalanceSeries } from './balance-history';
import type { ClientView, CurrencyBalancesView } from './client-view';
import { withBalancesAt } from './client-view-balances';
import { evolveClientView } from './client-view.projection';

const CLIENT = '0190a4c2-0000-7000-8000-000000000002';
const STREAM = `client-${CLIENT}`;
const SHANGHAI = 'Asia/Shanghai';

type Step = ClientEvent | readonly [ClientEvent, string];

/** Folds the events; a pair gives the instant the event happened (and was recorded). */
const viewOf = (...steps: Step[]): ClientView => {
  const log = new RecordedLog();
  const all: Step[] = [
    {
      type: 'ProspectRegistered',
      data: {
        clientId: CLIENT,
        branchId: 'br-sh-01',
        segment: 'corporate',
        industry: 'manufacturing',
        legalName: 'Shanghai Precision Tools Co., Ltd.',
        registrationNo: '91310000MA1FL0XX1X',
        contact: { phone: '+86 21 5555 0101' },
        source: 'branch_walk_in',
      },
    },
    ...steps,
  ];
  for (const step of all) {
    if (Array.isArray(step)) {
      const [event, at] = step as readonly [ClientEvent, string];
      log.append(STREAM, event, { occurredAt: at, recordedAt: at });
    } else {
      log.append(STREAM, step as ClientEvent);
    }
  }
  const view = log.events.reduce<ClientView | null>(evolveClientView, null);
  if (view === null) throw new Error('expected a view');
  return view;
};

const opened = (holdingId: string, category: 'deposit' | 'wealth' | 'loan' | 'fx'): ClientEvent => ({
  type: 'ProductHoldingOpened',
  data: { holdingId, productCode: `P-${category}`, category, amount: '1.00' },
});
const balance = (holdingId: string, amount: string, asOf: string, currency = 'CNY'): ClientEvent => ({
  type: 'HoldingBalanceReported',
  data: { holdingId, balance: amount, currency, asOf },
});
const limit = (facilityId: string, amount: string, currency = 'CNY'): ClientEvent => ({
  type: 'CreditLimitSet',
  data: { facilityId, limit: amount, currency },
});
const drawn = (facilityId: string, amount: string): ClientEvent => ({
  type: 'CreditUtilisationReported',
  data: { facilityId, drawn: amount },
});

/** 15 March 2026 in Shanghai: the trend's month-ends run from April 2025 to February 2026. */
const AT = new Date('2026-03-15T02:00:00.000Z');

const balancesOf = (view: ClientView, at: Date = AT): readonly CurrencyBalancesView[] => {
  const balances = withBalancesAt(view, at, SHANGHAI).balances;
  if (balances === undefined) throw new Error('expected balances');
  return balances;
};

const monthEnd = (balances: CurrencyBalancesView, date: string) => {
  const point = balances.trend.find((p) => p.monthEnd === date);
  if (point === undefined) throw new Error(`no month-end ${date}`);
  return point;
};

describe('withBalancesAt: current figures', () => {
  it('sums deposit and wealth balances as AUM, facilities as loans outstanding and limits, per currency', () => {
    const view = viewOf(
      opened('h-dep', 'deposit'),
      opened('h-wm', 'wealth'),
      opened('h-loan', 'loan'),
      opened('h-fx', 'fx'),
      opened('h-usd', 'deposit'),
      balance('h-dep', '1000000.50', '2026-03-13'),
      balance('h-wm', '250000.25', '2026-03-13'),
      balance('h-loan', '900000.00', '2026-03-13'),
      balance('h-fx', '77.00', '2026-03-13'),
      balance('h-usd', '-20.00', '2026-03-13', 'USD'),
      limit('f-1', '5000000.00'),
      drawn('f-1', '4200000.00'),
      limit('f-2', '100000', 'USD'),
    );
    const balances = balancesOf(view);
    expect(balances.map(({ trend: _trend, ...figures }) => figures)).toEqual([
      { currency: 'CNY', aum: '1250000.75', loansOutstanding: '4200000.00', totalLimits: '5000000.00' },
      { currency: 'USD', aum: '-20.00', loansOutstanding: '0.00', totalLimits: '100000.00' },
    ]);
  });

  it('a holding never reported counts for nothing: its amount at opening has no currency', () => {
    expect(balancesOf(viewOf(opened('h-dep', 'deposit')))).toEqual([]);
  });

  it('utilisation reported before any limit has no currency to be counted in', () => {
    expect(balancesOf(viewOf(drawn('f-9', '10.00')))).toEqual([]);
  });

  it('shows the latest balance by as-of date; an older report is history, not the current balance', () => {
    const view = viewOf(
      opened('h-dep', 'deposit'),
      balance('h-dep', '300.00', '2026-02-27'),
      balance('h-dep', '100.00', '2026-01-30'),
    );
    expect(view.products[0]?.balance).toEqual({ amount: '300.00', currency: 'CNY', asOf: '2026-02-27' });
    const [cny] = balancesOf(view);
    expect(cny?.aum).toBe('300.00');
    expect(monthEnd(cny!, '2026-01-31').aum).toBe('100.00');
    expect(monthEnd(cny!, '2026-02-28').aum).toBe('300.00');
  });

  it('a closed holding leaves the current AUM, and stays in the month-ends before it closed', () => {
    const view = viewOf(
      [opened('h-dep', 'deposit'), '2026-02-02T02:00:00.000Z'],
      [balance('h-dep', '300.00', '2026-02-27'), '2026-02-28T02:00:00.000Z'],
      [{ type: 'ProductHoldingClosed', data: { holdingId: 'h-dep', reason: 'closed' } }, '2026-03-10T02:00:00.000Z'],
    );
    const [cny] = balancesOf(view);
    expect(cny?.aum).toBe('0.00');
    expect(monthEnd(cny!, '2026-02-28').aum).toBe('300.00');
  });

  it('serves the figures, not the stored history', () => {
    const served = withBalancesAt(viewOf(opened('h-dep', 'deposit')), AT, SHANGHAI);
    expect(served).not.toHaveProperty('balanceHistory');
    expect(served.balances).toEqual([]);
  });

  it('reads a document stored before balances were kept as having none', () => {
    const { balanceHistory: _history, ...older } = viewOf(limit('f-1', '10.00'));
    const [cny] = balancesOf(older);
    expect(cny?.totalLimits).toBe('10.00');
    expect(cny?.trend.every((p) => p.totalLimits === '0.00')).toBe(true);
  });
});

describe('withBalancesAt: the trend of the last 12 month-ends', () => {
  it('is the 12 bank month-ends before the day of reading, oldest first', () => {
    const [cny] = balancesOf(viewOf(limit('f-1', '1.00')));
    expect(cny?.trend.map((p) => p.monthEnd)).toEqual([
      '2025-03-31',
      '2025-04-30',
      '2025-05-31',
      '2025-06-30',
      '2025-07-31',
      '2025-08-31',
      '2025-09-30',
      '2025-10-31',
      '2025-11-30',
      '2025-12-31',
      '2026-01-31',
      '2026-02-28',
    ]);
  });

  it("counts the bank's month: 1 March in Shanghai is still February in UTC, so the trend ends in February", () => {
    const [cny] = balancesOf(viewOf(limit('f-1', '1.00')), new Date('2026-02-28T17:00:00.000Z'));
    expect(cny?.trend.at(-1)?.monthEnd).toBe('2026-02-28');
  });

  it("a month-end's AUM is each holding's latest report dated on or before it, carried forward", () => {
    const view = viewOf(
      opened('h-dep', 'deposit'),
      opened('h-wm', 'wealth'),
      balance('h-dep', '100.00', '2025-10-31'),
      balance('h-dep', '150.00', '2025-12-15'),
      balance('h-wm', '40.00', '2025-12-31'),
      balance('h-dep', '175.00', '2026-01-02'),
    );
    const [cny] = balancesOf(view);
    expect(monthEnd(cny!, '2025-09-30').aum).toBe('0.00');
    expect(monthEnd(cny!, '2025-10-31').aum).toBe('100.00');
    expect(monthEnd(cny!, '2025-11-30').aum).toBe('100.00');
    expect(monthEnd(cny!, '2025-12-31').aum).toBe('190.00');
    expect(monthEnd(cny!, '2026-01-31').aum).toBe('215.00');
    expect(monthEnd(cny!, '2026-02-28').aum).toBe('215.00');
  });

  it('a holding closed in a month counts at the month-ends before, not after', () => {
    const view = viewOf(
      [opened('h-dep', 'deposit'), '2025-11-03T02:00:00.000Z'],
      [balance('h-dep', '100.00', '2025-11-30'), '2025-12-01T02:00:00.000Z'],
      [{ type: 'ProductHoldingClosed', data: { holdingId: 'h-dep', reason: 'matured' } }, '2026-01-10T02:00:00.000Z'],
    );
    const [cny] = balancesOf(view);
    expect(monthEnd(cny!, '2025-12-31').aum).toBe('100.00');
    expect(monthEnd(cny!, '2026-01-31').aum).toBe('0.00');
  });

  it("places facility reports by the bank's date: 31 January 17:00 UTC is 1 February in Shanghai", () => {
    const view = viewOf(
      [limit('f-1', '1000.00'), '2025-12-10T02:00:00.000Z'],
      [drawn('f-1', '100.00'), '2026-01-20T02:00:00.000Z'],
      [drawn('f-1', '300.00'), '2026-01-31T15:00:00.000Z'],
      [drawn('f-1', '500.00'), '2026-01-31T17:00:00.000Z'],
      [limit('f-1', '2000.00'), '2026-02-20T02:00:00.000Z'],
    );
    const [cny] = balancesOf(view);
    expect(monthEnd(cny!, '2025-11-30')).toEqual(
      expect.objectContaining({ loansOutstanding: '0.00', totalLimits: '0.00' }),
    );
    expect(monthEnd(cny!, '2025-12-31')).toEqual(
      expect.objectContaining({ loansOutstanding: '0.00', totalLimits: '1000.00' }),
    );
    expect(monthEnd(cny!, '2026-01-31')).toEqual(
      expect.objectContaining({ loansOutstanding: '300.00', totalLimits: '1000.00' }),
    );
    expect(monthEnd(cny!, '2026-02-28')).toEqual(
      expect.objectContaining({ loansOutstanding: '500.00', totalLimits: '2000.00' }),
    );
  });

  it('keeps a bounded history that still answers every month-end: two years of daily reports', () => {
    const steps: Step[] = [[opened('h-dep', 'deposit'), '2024-03-01T02:00:00.000Z']];
    steps.push([limit('f-1', '1000000.00'), '2024-03-01T02:00:00.000Z']);
    for (let day = Date.parse('2024-03-01'); day < Date.parse('2026-03-15'); day += 86_400_000) {
      const date = new Date(day).toISOString().slice(0, 10);
      // The amounts are the date's digits, so every month-end has its own figure.
      const amount = `${date.replaceAll('-', '')}.00`;
      steps.push([balance('h-dep', amount, date), `${date}T20:00:00.000Z`]);
      steps.push([drawn('f-1', amount), `${date}T10:00:00.000Z`]);
    }
    const view = viewOf(...steps);
    const history = view.balanceHistory;
    expect(history?.holdings[0]?.points.length).toBeLessThanOrEqual(16);
    expect(history?.facilities[0]?.points.length).toBeLessThanOrEqual(16 * 3);
    const [cny] = balancesOf(view);
    for (const point of cny!.trend) {
      expect(point.aum).toBe(`${point.monthEnd.replaceAll('-', '')}.00`);
      expect(point.loansOutstanding).toBe(`${point.monthEnd.replaceAll('-', '')}.00`);
    }
  });
});

/**
 * Histories of every shape the rule has to cope with: points out of time order, several points in
 * one month, repeated amounts, holdings closed before, between and after the month-ends,
 * facilities without a currency or a limit, three currencies.
 */
const randomHistory = (random: () => number): BalanceHistory => {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const day = () => addDays('2025-01-01', Math.floor(random() * 460));
  const amount = () =>
    pick(['0.00', '100.00', '2500.50', '-20.25', `${Math.floor(random() * 1e7)}.${Math.floor(random() * 100)}`]);
  const currency = () => pick(['CNY', 'USD', 'EUR']);
  const holdings: HoldingBalanceSeries[] = Array.from({ length: Math.floor(random() * 4) }, (_, h) => ({
    holdingId: `h-${h}`,
    currency: currency(),
    closedAt: random() < 0.3 ? `${day()}T${pick(['00:30', '15:59', '16:01'])}:00.000Z` : null,
    points: Array.from({ length: Math.floor(random() * 8) }, () => ({ asOf: day(), amount: amount() })),
  }));
  const facilities: FacilitySeries[] = Array.from({ length: Math.floor(random() * 4) }, (_, f) => ({
    facilityId: `f-${f}`,
    currency: random() < 0.2 ? null : currency(),
    points: Array.from({ length: Math.floor(random() * 10) }, () => ({
      at: `${day()}T${pick(['00:00', '15:59', '16:00', '23:59'])}:00.000Z`,
      limit: random() < 0.3 ? null : amount(),
      drawn: amount(),
    })),
  }));
  return { holdings, facilities };
};

type Figures = { aum: bigint; loansOutstanding: bigint; totalLimits: bigint };

/**
 * The rule as plainly as it can be said: at a month-end, each series counts with the last of its
 * points (in the order kept) dated before the month-end ends, a closed holding not at all.
 */
const figuresAt = (history: BalanceHistory, monthEnd: string): Map<string, Figures> => {
  const endMillis = startOfBankDate(addDays(monthEnd, 1), SHANGHAI);
  const sums = new Map<string, Figures>();
  const of = (currency: string): Figures => {
    if (!sums.has(currency)) sums.set(currency, { aum: 0n, loansOutstanding: 0n, totalLimits: 0n });
    return sums.get(currency)!;
  };
  for (const holding of history.holdings) {
    if (holding.closedAt !== null && Date.parse(holding.closedAt) < endMillis) continue;
    const last = holding.points.filter((point) => point.asOf <= monthEnd).at(-1);
    if (last !== undefined) of(holding.currency).aum += toUnits(last.amount);
  }
  for (const facility of history.facilities) {
    const last = facility.points.filter((point) => Date.parse(point.at) < endMillis).at(-1);
    if (last === undefined || facility.currency === null) continue;
    of(facility.currency).loansOutstanding += toUnits(last.drawn);
    if (last.limit !== null) of(facility.currency).totalLimits += toUnits(last.limit);
  }
  return sums;
};

const shown = (figures: Figures | undefined) => ({
  aum: decimalOfUnits(figures?.aum ?? 0n),
  loansOutstanding: decimalOfUnits(figures?.loansOutstanding ?? 0n),
  totalLimits: decimalOfUnits(figures?.totalLimits ?? 0n),
});

describe('withBalancesAt on 500 random balance histories', () => {
  it('gives every currency at every month-end the figures of the last point before it, as the plain rule does', () => {
    const random = mulberry32(13);
    const base = viewOf();
    let points = 0;
    for (let round = 0; round < 500; round++) {
      const history = randomHistory(random);
      const balances = withBalancesAt({ ...base, balanceHistory: history }, AT, SHANGHAI).balances ?? [];
      const monthEnds = balances[0]?.trend.map((point) => point.monthEnd) ?? [];
      const expected = new Map(monthEnds.map((monthEnd) => [monthEnd, figuresAt(history, monthEnd)]));
      const currencies = [...new Set([...expected.values()].flatMap((sums) => [...sums.keys()]))].sort();
      expect(balances.map((b) => b.currency)).toEqual(currencies);
      for (const currency of balances) {
        expect(currency.trend).toEqual(
          monthEnds.map((monthEnd) => ({ monthEnd, ...shown(expected.get(monthEnd)?.get(currency.currency)) })),
        );
        points += currency.trend.length;
      }
    }
    // The histories reach the month-ends: most rounds have figures to compare.
    expect(points).toBeGreaterThan(500 * 12);
  });
});
