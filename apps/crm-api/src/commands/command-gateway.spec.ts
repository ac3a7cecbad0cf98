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
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const requestWith = (headers: Record<string, string>): IdempotentRequest =>
  ({
    principal: { userId: 'u-ro', role: 'risk_officer' },
    headers,
    raw: { headers },
    id: 'req-1',
  }) as unknown as IdempotentRequest;
const request = requestWith({});

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

  test("the events keep the trace of the request: the caller's trace id, a span id of this process", async () => {
    const traceparent = `00-${TRACE_ID}-00f067aa0ba902b7-01`;
    await gateway.execute(
      requestWith({ traceparent, tracestate: 'vendor=abc' }),
      ALERT_STREAM,
      ALERT,
      'AcknowledgeAlert',
      {},
    );
    const trace = sent[0]?.context.trace;
    expect(trace).toMatchObject({ traceId: TRACE_ID, sampled: true, tracestate: 'vendor=abc' });
    expect(trace?.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(trace?.spanId).not.toBe('00f067aa0ba902b7');
  });

  test('a hostile traceparent is ignored: the command runs in a new trace', async () => {
    await gateway.execute(
      requestWith({ traceparent: `00-${TRACE_ID.toUpperCase()}-00f067aa0ba902b7-01` }),
      ALERT_STREAM,
      ALERT,
      'AcknowledgeAlert',
      {},
    );
    const trace = sent[0]?.context.trace;
    expect(trace?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(trace?.traceId).not.toBe(TRACE_ID);
  });
});
