import { commandFactory, DeciderSpecification, eventFactory } from '@crm/testing';
import { weekdaysCalendar } from '../calendar/bank-calendar';
import type { ClientCommand, ReportHoldingBalance } from './client.commands';
import { clientDecider } from './client.decider';
import type { ClientEvent } from './client.events';

// 23:30 UTC on 1 March is already 2 March in Shanghai: the bank's today is the zone's date.
const NOW = '2026-03-01T23:30:00.000Z';
const metadata = {
  now: NOW,
  actor: { userId: 'svc-core', role: 'service' as const },
  calendar: weekdaysCalendar('Asia/Shanghai'),
};
const cmd = commandFactory<ClientCommand>(metadata);
const ev = eventFactory<ClientEvent>();
const spec = DeciderSpecification.for(clientDecider);

const client = [
  ev('ProspectRegistered', {
    clientId: 'c-1',
    branchId: 'br-1',
    segment: 'sme',
    industry: 'retail',
    legalName: 'Example Trading Co.',
    registrationNo: '91440300MA5ABCDE1X',
    contact: { phone: '+86 755 0000 0000' },
    source: 'referral',
  }),
  ev('ProspectConverted', { convertedAt: '2026-01-10T09:00:00.000Z' }),
  ev('ProductHoldingOpened', { holdingId: 'h-1', productCode: 'DEP-01', category: 'deposit', amount: '1000.00' }),
];

const report = (data: Partial<ReportHoldingBalance['data']> = {}) =>
  cmd('ReportHoldingBalance', { holdingId: 'h-1', balance: '1250.50', currency: 'CNY', asOf: '2026-02-27', ...data });
const reported = (data: Partial<ReportHoldingBalance['data']> = {}) =>
  ev('HoldingBalanceReported', { holdingId: 'h-1', balance: '1250.50', currency: 'CNY', asOf: '2026-02-27', ...data });

describe('ReportHoldingBalance', () => {
  test('records the balance of an open holding, as the core fact carries it', () => {
    spec.given(client).when(report()).then([reported()]);
  });

  test("a balance as of the bank's today counts, even where UTC is still on the day before", () => {
    spec
      .given(client)
      .when(report({ asOf: '2026-03-02' }))
      .then([reported({ asOf: '2026-03-02' })]);
  });

  test('an overdrawn account reports a negative balance', () => {
    spec
      .given(client)
      .when(report({ balance: '-20.00' }))
      .then([reported({ balance: '-20.00' })]);
  });

  test('the same date and amount again (the nightly feed repeating itself) records nothing', () => {
    spec
      .given([...client, reported()])
      .when(report({ balance: '1250.5000' }))
      .then([]);
  });

  test('a restatement of the same date with another amount is recorded', () => {
    spec
      .given([...client, reported()])
      .when(report({ balance: '1300.00' }))
      .then([reported({ balance: '1300.00' })]);
  });

  test('a report older than the latest is recorded: it is history for its month-end', () => {
    spec
      .given([...client, reported({ asOf: '2026-02-27' })])
      .when(report({ asOf: '2026-01-31', balance: '900.00' }))
      .then([reported({ asOf: '2026-01-31', balance: '900.00' })]);
  });

  test('an older report does not become the current balance: repeating the latest is still no news', () => {
    spec
      .given([...client, reported({ asOf: '2026-02-27' }), reported({ asOf: '2026-01-31', balance: '900.00' })])
      .when(report({ asOf: '2026-02-27' }))
      .then([]);
  });

  test("the holding's currency is fixed by its first report: another is PRODUCT.CURRENCY_MISMATCH", () => {
    spec
      .given([...client, reported()])
      .when(report({ currency: 'USD' }))
      .thenThrows('PRODUCT.CURRENCY_MISMATCH', { kind: 'rule_violation', field: 'currency' });
  });

  test('an unknown holding is PRODUCT.NOT_FOUND', () => {
    spec
      .given(client)
      .when(report({ holdingId: 'h-9' }))
      .thenThrows('PRODUCT.NOT_FOUND', { kind: 'not_found' });
  });

  test('a closed holding is PRODUCT.ALREADY_CLOSED', () => {
    spec
      .given([...client, ev('ProductHoldingClosed', { holdingId: 'h-1', reason: 'matured' })])
      .when(report())
      .thenThrows('PRODUCT.ALREADY_CLOSED', { kind: 'conflict' });
  });

  test.each([
    ['balance', { balance: '12.5%' }],
    ['balance', { balance: '1.23456' }],
    ['currency', { currency: 'cny' }],
    ['asOf', { asOf: '2026-02-30' }],
    ['asOf', { asOf: '2026-02-27T00:00:00Z' }],
    ['asOf', { asOf: '2026-03-03' }],
    ['holdingId', { holdingId: ' ' }],
  ] as const)('an invalid %s is CLIENT.INVALID_VALUE', (field, override) => {
    spec.given(client).when(report(override)).thenThrows('CLIENT.INVALID_VALUE', { kind: 'invalid', field });
  });
});
