import type { CommandBus } from '@nestjs/cqrs';
import { alertDecider, type AlertCommand, type AlertEvent, type AlertState } from '@crm/domain';
import type { EventStore } from '@crm/event-store';
import type { IdempotentRequest } from '@crm/api-kit';
import { cn2026Calendar } from '@crm/testing';
import { ALERT_STREAM, CommandGateway } from './command-gateway';
import type { DecideCommand } from './decide.command';
import { StorageFaults } from '../health/storage-faults';
import { StreamStateCaches } from './stream-state-caches';

const ALERT = 'EW-DPD.c-1.1';
const request = {
  principal: { userId: 'u-ro', role: 'risk_officer' },
  headers: {},
  id: 'req-1',
} as unknown as IdempotentRequest;

const raisedMedium: AlertEvent = {
  type: 'AlertRaised',
  data: {
    alertId: ALERT,
    clientId: 'c-1',
    ruleId: 'EW-DPD',
    ruleVersion: 1,
    episode: 1,
    severity: 'medium',
    reason: 'facility F-1 is 10 days past due',
    evidence: [],
    raisedAt: '2026-09-28T02:00:00.000Z',
    dueBy: '2026-10-09T02:00:00.000Z',
  },
};

type AlertMessage = DecideCommand<AlertState, AlertCommand, AlertEvent>;

describe('CommandGateway', () => {
  const calendar = cn2026Calendar();
  let sent: AlertMessage[];
  let gateway: CommandGateway;

  beforeEach(() => {
    sent = [];
    const bus = {
      execute: (message: AlertMessage) => {
        sent.push(message);
        return Promise.resolve({ revision: 1, position: 2n, events: [], state: null });
      },
    } as unknown as CommandBus;
    gateway = new CommandGateway(bus, {} as EventStore, new StreamStateCaches(), calendar, new StorageFaults());
    // 17:00 in Shanghai on the eve of the National Day holiday (1–7 October).
    jest.useFakeTimers({ now: new Date('2026-09-30T09:00:00.000Z'), doNotFake: ['nextTick', 'queueMicrotask'] });
  });
  afterEach(() => jest.useRealTimers());

  test('stamps the bank calendar loaded at boot on every command, beside the time and the caller', async () => {
    await gateway.execute(request, ALERT_STREAM, ALERT, 'AcknowledgeAlert', {});
    expect(sent[0]?.command.metadata).toEqual({
      now: '2026-09-30T09:00:00.000Z',
      actor: { userId: 'u-ro', role: 'risk_officer' },
      calendar,
    });
    expect((sent[0]?.command.metadata as { calendar?: unknown }).calendar).toBe(calendar);
  });

  test('given a medium alert, when an officer escalates it to high on the eve of a holiday, then it is due on the first day back', async () => {
    await gateway.execute(request, ALERT_STREAM, ALERT, 'EscalateAlert', {
      to: 'credit_committee',
      severity: 'high',
      reason: 'second missed payment',
    });
    const command = sent[0]?.command as AlertCommand;
    const state = [raisedMedium].reduce(alertDecider.evolve, alertDecider.initialState());
    const [escalated] = alertDecider.decide(command, state);
    expect(escalated?.data).toMatchObject({ severity: 'high', dueBy: '2026-10-08T09:00:00.000Z' });
  });
});
