import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { alertStreamId, DEFAULT_RISK_RULES, validateRiskRules, type RiskEvent } from '@crm/domain';
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
const pastDue = (n: number, days: number): RiskEvent =>
  event(n, 'PaymentPastDue', { facilityId: 'F-1', daysPastDue: days, amountOverdue: '1000.00' });

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
      rules: DEFAULT_RISK_RULES,
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
      rules: DEFAULT_RISK_RULES,
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
  });
});
