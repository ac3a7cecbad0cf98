import type { RecordedEvent } from '@crm/event-store';
import { RecordedLog } from '@crm/testing';
import { toMessages } from './relay-messages';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const APPEND_SPAN = '00f067aa0ba902b7';
const MANAGER = 'm0000000-0000-7000-8000-000000000001';

const managerEvent = (metadata: Record<string, string> = {}): RecordedEvent => {
  const event = new RecordedLog().append(`manager-${MANAGER}`, {
    type: 'ManagerRegistered',
    data: { managerId: MANAGER, name: 'Zhang Min', branchId: 'BR-SH-001', level: 'associate' },
  });
  return { ...event, metadata: { ...event.metadata, ...metadata } };
};

describe('relay messages: the trace headers', () => {
  it('continue the trace the event was appended in, from a publish span of the relay', () => {
    const event = managerEvent({ traceparent: `00-${TRACE_ID}-${APPEND_SPAN}-01`, tracestate: 'congo=t61rcWkgMzE' });
    const { messages, spans } = toMessages([event], 'crm.client-events.v1', 'crm.risk-alerts.v1');
    expect(spans).toHaveLength(1);
    const headers = messages[0]?.headers ?? {};
    expect(headers.traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
    expect(headers.traceparent).not.toContain(APPEND_SPAN);
    expect(headers.traceparent).toBe(`00-${TRACE_ID}-${spans[0]?.context.spanId}-01`);
    expect(headers.tracestate).toBe('congo=t61rcWkgMzE');
    expect(headers['crm-log-position']).toBe(event.position.toString());
  });

  it('are left out for an event appended outside any trace, or whose stored traceparent is not valid', () => {
    for (const event of [
      managerEvent(),
      managerEvent({ traceparent: `00-${TRACE_ID.toUpperCase()}-${APPEND_SPAN}-01` }),
    ]) {
      const { messages, spans } = toMessages([event], 'crm.client-events.v1', 'crm.risk-alerts.v1');
      expect(spans).toEqual([]);
      expect(Object.keys(messages[0]?.headers ?? {}).sort()).toEqual(['content-type', 'crm-log-position']);
    }
  });
});

describe('relay messages: the client-state records', () => {
  const context = (tier: string | null, erased = false) => ({
    status: 'client',
    branchId: 'BR-1',
    segment: 'corporate',
    tier,
    managerId: null,
    rating: null,
    classification: null,
    erased,
  });

  it('are one per client of the batch, its state after its last event there, in the order of those events', () => {
    const log = new RecordedLog();
    const register = (clientId: string) =>
      log.append(`client-${clientId}`, {
        type: 'ProspectRegistered',
        data: { clientId, branchId: 'BR-1', segment: 'corporate', industry: 'logistics', source: 'referral' },
      });
    const tierChange = (clientId: string, to: string) =>
      log.append(`client-${clientId}`, { type: 'ClientTierChanged', data: { from: null, to } });
    const events = [
      { ...register('C-1'), metadata: { ...register('C-0').metadata, context: context(null) } },
      { ...register('C-2'), metadata: { ...register('C-0').metadata, context: context(null) } },
      { ...tierChange('C-1', 'key'), metadata: { ...register('C-0').metadata, context: context('key') } },
      { ...tierChange('C-2', 'core'), metadata: { ...register('C-0').metadata, context: context('core', true) } },
    ];
    const { states, messages } = toMessages(events, 'crm.client-events.v1', 'crm.risk-alerts.v1');
    expect(messages).toHaveLength(4);
    expect(
      states.map((state) => [state.key, state.value === null ? null : JSON.parse(String(state.value)).tier]),
    ).toEqual([
      ['C-1', 'key'],
      ['C-2', null],
    ]);
    expect(states[0]?.headers?.['crm-log-position']).toBe(events[2]?.position.toString());
  });
});
