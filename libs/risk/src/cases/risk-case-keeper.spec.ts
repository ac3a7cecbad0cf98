import {
  alertDecider,
  alertStreamId,
  riskCaseStreamId,
  type AlertCommand,
  type RiskReading,
  type RiskRuleId,
  type Severity,
} from '@crm/domain';
import { handleCommand, SqliteEventStore } from '@crm/event-store';
import { cn2026Calendar } from '@crm/testing';
import { AlertWriter } from '../engine/alert-writer';
import { InMemoryRiskStateStore } from '../state/in-memory.risk-state-store';
import { RiskCaseKeeper } from './risk-case-keeper';

const CLIENT = '0190a4c2-0000-7000-8000-0000000000aa';
const CASE_1 = riskCaseStreamId(`${CLIENT}.1`);
const CASE_2 = riskCaseStreamId(`${CLIENT}.2`);
const RAISED_AT = '2026-03-02T02:00:00.000Z'; // Monday 10:00 in Shanghai
const calendar = cn2026Calendar();

const reading = (ruleId: RiskRuleId, severity: Severity): RiskReading => ({
  ruleId,
  ruleVersion: 1,
  severity,
  reason: `${ruleId} reading`,
  evidence: ['0190a4c2-0000-7000-8000-000000000001'],
});

describe('RiskCaseKeeper', () => {
  let store: SqliteEventStore;
  let states: InMemoryRiskStateStore;
  let keeper: RiskCaseKeeper;

  beforeEach(() => {
    store = SqliteEventStore.open(':memory:', { synchronous: 'OFF' });
    states = new InMemoryRiskStateStore();
    keeper = new RiskCaseKeeper(store, states, calendar);
  });
  afterEach(async () => {
    await store.close();
  });

  const raise = async (ruleId: RiskRuleId, severity: Severity): Promise<string> => {
    const alertId = `${ruleId}.${CLIENT}.1`;
    await new AlertWriter(store, calendar).raise({
      alertId,
      clientId: CLIENT,
      episode: 1,
      reading: reading(ruleId, severity),
      now: RAISED_AT,
    });
    await keeper.syncAlert(alertId, RAISED_AT, `raise-${ruleId}`);
    return alertId;
  };

  const resolve = async (alertId: string, at: string): Promise<void> => {
    const command: AlertCommand = {
      type: 'ResolveAlert',
      data: { outcome: 'actioned', note: 'handled', clientManagerId: null, resolverManagerId: null },
      metadata: { now: at, actor: { userId: 'officer-1', role: 'risk_officer' } },
    };
    await handleCommand(store, alertStreamId(alertId), alertDecider, command, {
      correlationId: 'c',
      causationId: 'c',
      actor: { userId: 'officer-1', role: 'risk_officer' },
    });
    await keeper.syncAlert(alertId, at, `resolve-${alertId}`);
  };

  const typesOf = async (streamId: string): Promise<string[]> =>
    (await store.readStream(streamId)).map((event) => event.type);

  test('three alerts on one client make one case; it closes exactly at the last resolution', async () => {
    const util = await raise('EW-UTIL', 'medium');
    const dpd = await raise('EW-DPD', 'high');
    const rating = await raise('EW-RATING', 'low');
    expect(await typesOf(CASE_1)).toEqual(['RiskCaseOpened', 'RiskCaseAlertJoined', 'RiskCaseAlertJoined']);

    await resolve(dpd, '2026-03-02T03:00:00.000Z');
    await resolve(util, '2026-03-02T04:00:00.000Z');
    expect(await typesOf(CASE_1)).not.toContain('RiskCaseClosed');
    await resolve(rating, '2026-03-02T05:00:00.000Z');
    expect((await typesOf(CASE_1)).slice(-2)).toEqual(['RiskCaseAlertResolved', 'RiskCaseClosed']);
  });

  test('syncing every alert again, even with the index lost, appends nothing', async () => {
    const util = await raise('EW-UTIL', 'medium');
    const dpd = await raise('EW-DPD', 'high');
    await resolve(util, '2026-03-02T03:00:00.000Z');
    await resolve(dpd, '2026-03-02T04:00:00.000Z');
    const before = await store.headPosition();

    const forgetful = new RiskCaseKeeper(store, new InMemoryRiskStateStore(), calendar);
    for (const alertId of [util, dpd, util]) await forgetful.syncAlert(alertId, '2026-03-03T00:00:00.000Z', 'replay');
    expect(await store.headPosition()).toBe(before);
    expect(await typesOf(CASE_2)).toEqual([]);
  });

  test('an alert after the case closed opens the next case', async () => {
    const util = await raise('EW-UTIL', 'medium');
    await resolve(util, '2026-03-02T03:00:00.000Z');
    await raise('EW-DPD', 'high');
    expect(await typesOf(CASE_2)).toEqual(['RiskCaseOpened']);
  });

  test('the overdue sweep marks a case once, however often it runs', async () => {
    await raise('EW-UTIL', 'critical'); // due in 4 hours
    expect(await keeper.sweepOverdue('2026-03-02T05:59:59.999Z')).toBe(0);
    expect(await keeper.sweepOverdue('2026-03-02T06:00:00.000Z')).toBe(1);
    expect(await keeper.sweepOverdue('2026-03-02T07:00:00.000Z')).toBe(0);
    expect(await keeper.sweepOverdue('2026-03-09T07:00:00.000Z')).toBe(0);
    expect((await typesOf(CASE_1)).filter((type) => type === 'RiskCaseOverdue')).toHaveLength(1);
  });
});
