import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { addDays, alertStreamId, DEFAULT_RISK_RULES, validateRiskRules, type RiskEvent } from '@crm/domain';
import { SqliteEventStore } from '@crm/event-store';
import { cn2026Calendar } from '@crm/testing';
import { InMemoryRiskStateStore } from '../state/in-memory.risk-state-store';
import { AlertWriter } from './alert-writer';
import { RiskMonitor } from './risk-monitor';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const CLIENT = '0190a4c2-0000-7000-8000-0000000000aa';
const OTHER = '0190a4c2-0000-7000-8000-0000000000bb';

const event = (n: number, type: string, data: Record<string, unknown>): RiskEvent => ({
  eventId: `0190a4c2-0000-7000-8000-${String(n).padStart(12, '0')}`,
  type,
  occurredAt: `2026-03-${String(1 + (n % 27)).padStart(2, '0')}T09:00:00.000Z`,
  data,
});
/** An arrear `days` old on the bank's date of the event (09:00 UTC is 17:00 in Shanghai: the same date). */
const pastDue = (n: number, days: number): RiskEvent => {
  const reported = event(n, 'PaymentPastDue', {});
  const overdueSince = addDays(reported.occurredAt.slice(0, 10), -days);
  return { ...reported, data: { facilityId: 'F-1', overdueSince, amountOverdue: '1000.00' } };
};

/** EW-DPD alone: the classification floor reads every arrear too and has a spec of its own. */
const RULES = validateRiskRules({
  rules: {
    ...DEFAULT_RISK_RULES.rules,
    'EW-CLASS-FLOOR': { ...DEFAULT_RISK_RULES.rules['EW-CLASS-FLOOR'], enabled: false },
  },
});

describe('RiskMonitor', () => {
  let alerts: SqliteEventStore;
  let states: InMemoryRiskStateStore;
  let monitor: RiskMonitor;
  const clock = new Date('2026-03-30T12:00:00.000Z');

  beforeEach(() => {
    alerts = SqliteEventStore.open(':memory:', { synchronous: 'OFF' });
    states = new InMemoryRiskStateStore();
    monitor = new RiskMonitor({
      states,
      alerts: new AlertWriter(alerts, cn2026Calendar()),
      rules: RULES,
      logger: quiet,
      clock: () => clock,
    });
  });

  afterEach(async () => {
    await alerts.close();
  });

  const alertEvents = async () =>
    (await alerts.readAll()).map((recorded) => ({ stream: recorded.streamId, type: recorded.type }));

  it('raises one alert for a reading, nothing for the same reading or a redelivery, and escalates on a worse one', async () => {
    expect(await monitor.accept(CLIENT, { kind: 'event', revision: 0, event: pastDue(1, 35) })).toBe('applied');
    expect(await monitor.accept(CLIENT, { kind: 'event', revision: 0, event: pastDue(1, 35) })).toBe('duplicate');
    expect(await monitor.accept(CLIENT, { kind: 'event', revision: 1, event: pastDue(2, 35) })).toBe('applied');
    expect(await monitor.accept(CLIENT, { kind: 'event', revision: 2, event: pastDue(3, 95) })).toBe('applied');
    const id = alertStreamId(`EW-DPD.${CLIENT}.1`);
    expect(await alertEvents()).toEqual([
      { stream: id, type: 'AlertRaised' },
      { stream: id, type: 'AlertEscalated' },
    ]);
  });

  it('opens a new episode once the last alert of the rule was resolved', async () => {
    await monitor.accept(CLIENT, { kind: 'event', revision: 0, event: pastDue(1, 35) });
    const first = `EW-DPD.${CLIENT}.1`;
    await alerts.appendToStream(
      alertStreamId(first),
      [
        {
          eventId: '0190a4c2-0000-7000-8000-0000000000f1',
          type: 'AlertResolved',
          schemaVersion: 1,
          data: {
            alertId: first,
            clientId: CLIENT,
            outcome: 'actioned',
            note: 'restructured',
            resolvedBy: 'u-9',
            resolvedAt: clock.toISOString(),
          },
          metadata: {
            occurredAt: clock.toISOString(),
            correlationId: 'c',
            causationId: 'c',
            actor: { userId: 'u-9', role: 'risk_officer' },
          },
        },
      ],
      { expectedRevision: 0 },
    );
    await monitor.accept(CLIENT, {
      kind: 'event',
      revision: 1,
      event: event(2, 'PastDueCleared', { facilityId: 'F-1' }),
    });
    await monitor.accept(CLIENT, { kind: 'event', revision: 2, event: pastDue(3, 40) });
    expect((await alertEvents()).filter((entry) => entry.type === 'AlertRaised').map((entry) => entry.stream)).toEqual([
      alertStreamId(first),
      alertStreamId(`EW-DPD.${CLIENT}.2`),
    ]);
  });

  it('parks a client whose input keeps failing, holds its later inputs, lets others flow, and releases it on retry', async () => {
    const failing = new AlertWriter(alerts, cn2026Calendar());
    let broken = true;
    const raise = failing.raise.bind(failing);
    failing.raise = async (input) => {
      if (broken && input.clientId === CLIENT) throw new Error('alert store unavailable');
      return raise(input);
    };
    const deadLetters: string[] = [];
    monitor = new RiskMonitor({
      states,
      alerts: failing,
      rules: RULES,
      logger: quiet,
      clock: () => clock,
      maxAttempts: 2,
      deadLetter: async (clientId, _payload, error) => {
        deadLetters.push(`${clientId}: ${error}`);
      },
    });
    expect(await monitor.accept(CLIENT, { kind: 'event', revision: 0, event: pastDue(1, 35) })).toBe('parked');
    expect(await monitor.accept(CLIENT, { kind: 'event', revision: 1, event: pastDue(2, 95) })).toBe('held');
    expect(await monitor.accept(OTHER, { kind: 'event', revision: 0, event: pastDue(3, 35) })).toBe('applied');
    expect(deadLetters).toEqual([`${CLIENT}: alert store unavailable`]);
    // Held inputs wait behind the parked one; only the input that failed counts (and is dead-lettered).
    expect(monitor.parkedInputCount()).toBe(1);
    expect(await monitor.parkedClients()).toEqual([expect.objectContaining({ clientId: CLIENT, held: 2 })]);
    expect(await monitor.retryParked()).toBe(0);

    broken = false;
    expect(await monitor.retryParked()).toBe(1);
    expect(await monitor.parkedClients()).toEqual([]);
    const raised = (await alerts.readAll()).map((recorded) => `${recorded.streamId} ${recorded.type}`);
    expect(raised).toEqual([
      `${alertStreamId(`EW-DPD.${OTHER}.1`)} AlertRaised`,
      `${alertStreamId(`EW-DPD.${CLIENT}.1`)} AlertRaised`,
      `${alertStreamId(`EW-DPD.${CLIENT}.1`)} AlertEscalated`,
    ]);
  });

  it('sweeps a client in arrears by the clock alone: raises at 30 days, escalates at 60 and 90', async () => {
    let now = new Date('2026-03-02T10:00:00.000Z');
    monitor = new RiskMonitor({
      states,
      alerts: new AlertWriter(alerts, cn2026Calendar()),
      rules: RULES,
      logger: quiet,
      clock: () => now,
    });
    const reported = {
      eventId: '0190a4c2-0000-7000-8000-000000000101',
      type: 'PaymentPastDue',
      occurredAt: now.toISOString(),
      data: { facilityId: 'F-1', overdueSince: '2026-02-05', amountOverdue: '1000.00' },
    };
    expect(await monitor.accept(CLIENT, { kind: 'event', revision: 0, event: reported })).toBe('applied');
    expect(await alertEvents()).toEqual([]);
    const at = async (iso: string): Promise<number> => {
      now = new Date(iso);
      return monitor.sweep();
    };
    // 2026-02-05 + 30 days is 7 March (bank date); 16:00 UTC on 6 March is already 7 March in Shanghai.
    expect(await at('2026-03-06T15:59:00.000Z')).toBe(0);
    expect(await at('2026-03-06T16:00:00.000Z')).toBe(1);
    expect(await at('2026-03-07T09:00:00.000Z')).toBe(0);
    expect(await at('2026-04-06T09:00:00.000Z')).toBe(1);
    expect(await at('2026-05-06T09:00:00.000Z')).toBe(1);
    const id = alertStreamId(`EW-DPD.${CLIENT}.1`);
    expect(await alertEvents()).toEqual([
      { stream: id, type: 'AlertRaised' },
      { stream: id, type: 'AlertEscalated' },
      { stream: id, type: 'AlertEscalated' },
    ]);
    const severities = (await alerts.readAll()).map((recorded) => (recorded.data as { severity: string }).severity);
    expect(severities).toEqual(['high', 'high', 'critical']);
  });

  it('lets other work in while it sweeps: the event loop is handed back once a slice has run', async () => {
    const clients = ['0190a4c2-0000-7000-8000-0000000000c1', '0190a4c2-0000-7000-8000-0000000000c2', OTHER];
    const loaded: string[] = [];
    const counting = Object.assign(Object.create(states) as InMemoryRiskStateStore, {
      load: (clientId: string) => {
        loaded.push(clientId);
        return states.load(clientId);
      },
    });
    const sweepWithSlice = async (sweepSliceMs: number): Promise<number> => {
      const sweeping = new RiskMonitor({
        states: counting,
        alerts: new AlertWriter(alerts, cn2026Calendar()),
        rules: RULES,
        logger: quiet,
        clock: () => clock,
        sweepSliceMs,
      });
      loaded.length = 0;
      let loadedWhenLetIn = -1;
      setImmediate(() => (loadedWhenLetIn = loaded.length));
      await sweeping.sweep();
      await new Promise(setImmediate);
      expect(loaded).toHaveLength(clients.length);
      return loadedWhenLetIn;
    };
    for (const [n, clientId] of clients.entries()) {
      await monitor.accept(clientId, { kind: 'event', revision: 0, event: pastDue(n + 1, 1) });
    }
    // The stores answer at once, so without a slice the whole sweep runs before anything else.
    expect(await sweepWithSlice(60_000)).toBe(clients.length);
    expect(await sweepWithSlice(0)).toBe(0);
  });

  it('stops sweeping a client once its arrear is cured', async () => {
    await monitor.accept(CLIENT, { kind: 'event', revision: 0, event: pastDue(1, 5) });
    expect(await states.coveredClients()).toEqual([CLIENT]);
    await monitor.accept(CLIENT, {
      kind: 'event',
      revision: 1,
      event: event(2, 'PastDueCleared', { facilityId: 'F-1' }),
    });
    expect(await states.coveredClients()).toEqual([]);
  });

  it('parks a client on a message that fails its contract, without retrying it in a loop', async () => {
    const value = Buffer.from('{"specversion":"1.0","type":"bank.crm.PaymentPastDue.v1"}').toString('base64');
    expect(await monitor.accept(CLIENT, { kind: 'raw', value, origin: 'crm.client-events.v1/0@7' })).toBe('parked');
    const [parked] = await monitor.parkedClients();
    expect(parked).toMatchObject({ clientId: CLIENT, held: 1, attempts: 1 });
    expect(parked?.error).toMatch(/^invalid message/);
  });
});

describe('the shipped rules file', () => {
  it('is valid and holds exactly the defaults', () => {
    const file = parse(readFileSync(join(__dirname, '../../../../config/risk-rules.yaml'), 'utf8')) as unknown;
    expect(validateRiskRules(file)).toEqual(DEFAULT_RISK_RULES);
    expect(DEFAULT_RISK_RULES.timeZone).toBe('Asia/Shanghai');
  });
});

describe('RiskMonitor, EW-GROUP', () => {
  const PARENT = CLIENT;
  const MEMBER = OTHER;
  /** Capital 1,000,000.00 CNY: medium from 100,000.00, high from 250,000.00. */
  const GROUP_RULES = validateRiskRules({
    rules: {
      ...RULES.rules,
      'EW-GROUP': { ...DEFAULT_RISK_RULES.rules['EW-GROUP'], capital: '1000000.00', medium: '0.1', high: '0.25' },
    },
  });
  let alerts: SqliteEventStore;
  let states: InMemoryRiskStateStore;
  let monitor: RiskMonitor;
  const revisions = new Map<string, number>();

  beforeEach(() => {
    alerts = SqliteEventStore.open(':memory:', { synchronous: 'OFF' });
    states = new InMemoryRiskStateStore();
    monitor = new RiskMonitor({
      states,
      alerts: new AlertWriter(alerts, cn2026Calendar()),
      rules: GROUP_RULES,
      logger: quiet,
      clock: () => new Date('2026-03-30T12:00:00.000Z'),
    });
    revisions.clear();
  });

  afterEach(async () => {
    await alerts.close();
  });

  const feed = async (clientId: string, n: number, type: string, data: Record<string, unknown>) => {
    const revision = revisions.get(clientId) ?? 0;
    revisions.set(clientId, revision + 1);
    expect(await monitor.accept(clientId, { kind: 'event', revision, event: event(n, type, data) })).toBe('applied');
  };
  const groupAlerts = async () =>
    (await alerts.readAll())
      .filter((recorded) => recorded.streamId.startsWith('alert-EW-GROUP.'))
      .map((recorded) => ({
        stream: recorded.streamId,
        type: recorded.type,
        severity: (recorded.data as { severity?: string }).severity,
      }));

  it("raises on the parent when the members' exposure crosses a threshold, escalates, and follows members leaving", async () => {
    const alert = alertStreamId(`EW-GROUP.${PARENT}.1`);
    await feed(PARENT, 1, 'ClientGroupFormed', { groupId: PARENT, managerId: 'M-1' });
    await feed(PARENT, 2, 'CreditLimitSet', { facilityId: 'F-P', limit: '60000.00', currency: 'CNY' });
    await feed(MEMBER, 3, 'ClientJoinedGroup', { groupId: PARENT });
    await feed(MEMBER, 4, 'CreditLimitSet', { facilityId: 'F-M', limit: '39999.99', currency: 'CNY' });
    expect(await groupAlerts()).toEqual([]);

    await feed(MEMBER, 5, 'CreditLimitSet', { facilityId: 'F-M', limit: '40000.00', currency: 'CNY' });
    expect(await groupAlerts()).toEqual([{ stream: alert, type: 'AlertRaised', severity: 'medium' }]);

    await feed(MEMBER, 6, 'CreditUtilisationReported', { facilityId: 'F-M', drawn: '190000.00' });
    expect((await groupAlerts()).slice(1)).toEqual([{ stream: alert, type: 'AlertEscalated', severity: 'high' }]);
    expect(await states.groupMembers(PARENT)).toEqual(
      [
        { clientId: PARENT, exposure: '60000.00' },
        { clientId: MEMBER, exposure: '190000.00' },
      ].sort((a, b) => (a.clientId < b.clientId ? -1 : 1)),
    );

    await feed(MEMBER, 7, 'ClientLeftGroup', { groupId: PARENT });
    expect(await states.groupMembers(PARENT)).toEqual([{ clientId: PARENT, exposure: '60000.00' }]);
    expect(await states.groupStanding(PARENT)).toEqual({ band: null, episode: 1 });
    // A limit in another currency is not converted: the group stays below the threshold.
    await feed(PARENT, 8, 'CreditLimitSet', { facilityId: 'F-USD', limit: '900000.00', currency: 'USD' });
    expect(await groupAlerts()).toHaveLength(2);
  });
});
