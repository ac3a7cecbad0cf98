import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SqliteEventStore } from '@crm/event-store';
import { onboardClient, scratchDir, sendClientCommand } from '@crm/testing';
import { loadRiskRules } from '../config/risk-rules.loader';
import { runRiskBacktest, type BacktestRuleSet } from './risk-backtest';

const SHIPPED_RULES = join(__dirname, '../../../../config/risk-rules.yaml');
const ZONE = 'Asia/Shanghai';
const DAY_MS = 86_400_000;
/** 10:00 in Shanghai. */
const T0 = Date.parse('2026-03-02T02:00:00.000Z');
const day = (days: number): string => new Date(T0 + days * DAY_MS).toISOString();

const UTIL_CLIENT = '0190a4c2-0000-7000-8000-00000000000a';
const KEY_CLIENT = '0190a4c2-0000-7000-8000-00000000000b';

describe('runRiskBacktest over a real SQLite log', () => {
  const dir = scratchDir('risk-backtest');
  let store: SqliteEventStore;
  let ruleSets: BacktestRuleSet[];

  /** The shipped rules file with some keys changed, written to disk and read back as the CLI does. */
  const rulesFile = (name: string, patch: Record<string, Record<string, unknown>>): BacktestRuleSet => {
    const raw = parse(readFileSync(SHIPPED_RULES, 'utf8')) as { rules: Record<string, Record<string, unknown>> };
    for (const [ruleId, keys] of Object.entries(patch)) raw.rules[ruleId] = { ...raw.rules[ruleId], ...keys };
    const path = join(dir.path, name);
    writeFileSync(path, JSON.stringify(raw));
    return { name, rules: loadRiskRules(path) };
  };

  beforeAll(async () => {
    store = SqliteEventStore.open(join(dir.path, 'crm.sqlite'), { synchronous: 'OFF' });
    // A revolving line drawn 92% on day 1, then overdrawn on day 2.
    await onboardClient(store, UTIL_CLIENT, day(0));
    await sendClientCommand(store, UTIL_CLIENT, day(0), {
      type: 'SetCreditLimit',
      data: { facilityId: 'F-1', limit: '1000000.00', currency: 'CNY' },
    });
    await sendClientCommand(store, UTIL_CLIENT, day(1), {
      type: 'ReportUtilisation',
      data: { facilityId: 'F-1', drawn: '920000.00' },
    });
    await sendClientCommand(store, UTIL_CLIENT, day(2), {
      type: 'ReportUtilisation',
      data: { facilityId: 'F-1', drawn: '1000001.00' },
    });
    // A key client nobody contacts: only the clock can flag it. Its events are dated day 0 but come
    // after the day-2 report in the log, as a late write would: the replay clock must not step back.
    await onboardClient(store, KEY_CLIENT, day(0));
    await sendClientCommand(store, KEY_CLIENT, day(0), {
      type: 'ChangeTier',
      data: { tier: 'key', reason: 'annual review', currentManager: null },
    });
    ruleSets = [
      rulesFile('a.json', { 'EW-UTIL': { medium: '0.9' }, 'EW-COVER': { keyDays: 60 } }),
      rulesFile('b.json', { 'EW-UTIL': { medium: '0.95' }, 'EW-COVER': { keyDays: 90 } }),
    ];
  });

  afterAll(async () => {
    await store.close();
    dir.cleanup();
  });

  it('feeds one pass of the log to each rules file: EW-UTIL at 0.9 raises on 92% drawn and escalates, at 0.95 only raises at the overdraw', async () => {
    const result = await runRiskBacktest({ log: store, ruleSets, timeZone: ZONE });
    expect(result.runs.map((run) => run.name)).toEqual(['a.json', 'b.json']);
    const [a, b] = result.runs;
    expect(a?.rules['EW-UTIL']).toEqual({ raised: 1, escalated: 1, clients: [UTIL_CLIENT] });
    expect(b?.rules['EW-UTIL']).toEqual({ raised: 1, escalated: 0, clients: [UTIL_CLIENT] });
    // Register and convert of both clients, the tier, the limit and two utilisation reports.
    expect(result.events).toBe(8);
    expect(result.unreadable).toBe(0);
    expect(result.end).toBe(day(2));
    expect(a?.parkedClients).toBe(0);
  });

  it('reads the log once for any number of rules files', async () => {
    const pages: bigint[] = [];
    const readAll = store.readAll.bind(store);
    const counting = Object.create(store) as SqliteEventStore;
    counting.readAll = async (options) => {
      pages.push(options?.after ?? 0n);
      return readAll(options);
    };
    await runRiskBacktest({ log: counting, ruleSets, timeZone: ZONE, pageSize: 4 });
    // Eight client events and nothing else: two pages of four, then an empty read.
    expect(pages).toEqual([0n, 4n, 8n]);
  });

  it('sweeps every bank day up to --to, so a clock rule fires with no event on the day', async () => {
    const to = new Date(day(75));
    const [a, b] = (await runRiskBacktest({ log: store, ruleSets, timeZone: ZONE, to })).runs;
    expect(a?.rules['EW-COVER']).toEqual({ raised: 1, escalated: 0, clients: [KEY_CLIENT] });
    expect(b?.rules['EW-COVER']).toBeUndefined();

    // Without --to the replay ends with the last event (day 2): not yet 60 days.
    const untilLastEvent = await runRiskBacktest({ log: store, ruleSets, timeZone: ZONE });
    expect(untilLastEvent.runs[0]?.rules['EW-COVER']).toBeUndefined();
  });

  it('raises a clock alert at the start of the bank day on which it falls due, not at the end of the replay', async () => {
    // Key since 2026-03-02 10:00 Shanghai: more than 60 days first at the sweep of 2026-05-02 00:00
    // Shanghai, which is 2026-05-01T16:00Z. `from` counts only alerts at or after it.
    const dueSweep = Date.parse('2026-05-01T16:00:00.000Z');
    const to = new Date(day(75));
    const at = await runRiskBacktest({ log: store, ruleSets, timeZone: ZONE, to, from: new Date(dueSweep) });
    expect(at.runs[0]?.rules['EW-COVER']?.raised).toBe(1);
    const after = await runRiskBacktest({ log: store, ruleSets, timeZone: ZONE, to, from: new Date(dueSweep + 1) });
    expect(after.runs[0]?.rules['EW-COVER']).toBeUndefined();
    // In UTC the same day starts eight hours later.
    const utc = await runRiskBacktest({ log: store, ruleSets, timeZone: 'UTC', to, from: new Date(dueSweep + 1) });
    expect(utc.runs[0]?.rules['EW-COVER']?.raised).toBe(1);
  });

  it('counts alerts from --from on, after replaying what came before', async () => {
    const [a] = (await runRiskBacktest({ log: store, ruleSets, timeZone: ZONE, from: new Date(day(2)) })).runs;
    // The raise on day 1 built the state; only the escalation on day 2 counts.
    expect(a?.rules['EW-UTIL']).toEqual({ raised: 0, escalated: 1, clients: [UTIL_CLIENT] });
  });

  it('stops at --to: later events are not replayed', async () => {
    const result = await runRiskBacktest({ log: store, ruleSets, timeZone: ZONE, to: new Date(day(1)) });
    // All but the overdraw of day 2 (the key client's day-0 events come after it in the log).
    expect(result.events).toBe(7);
    expect(result.runs[0]?.rules['EW-UTIL']).toEqual({ raised: 1, escalated: 0, clients: [UTIL_CLIENT] });
    expect(result.runs[1]?.rules['EW-UTIL']).toBeUndefined();
  });
});
