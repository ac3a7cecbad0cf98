import { join } from 'node:path';
import type { IncomingMessage } from '@crm/messaging';
import { createTestSchema, describeWithPostgres, POSTGRES_TEST_URL, scratchDir } from '@crm/testing';
import type { FactLedger } from './fact-ledger.port';
import { PostgresFactLedger } from './postgres.fact-ledger';
import { SqliteFactLedger } from './sqlite.fact-ledger';

const origin = (offset: string): IncomingMessage => ({
  topic: 'crm.inbound.client-facts.v1',
  partition: 3,
  offset,
  key: 'c-1',
  value: Buffer.from([0, 1, 2, 255]),
  headers: { 'content-type': 'application/cloudevents+json' },
});

/** Where a ledger lives: `open` may be called again once the previous ledger there is closed. */
type LedgerPlace = Readonly<{ open: () => Promise<FactLedger>; cleanup: () => Promise<void> }>;

const ledgerCases = (place: () => Promise<LedgerPlace>): void => {
  it('commits settles made side by side together, and they survive reopening', async () => {
    const { open, cleanup } = await place();
    const first = await open();
    await Promise.all(Array.from({ length: 50 }, (_, n) => first.settle('urn:bank:core', `f-${n}`, 'applied')));
    await first.settle('urn:bank:core', 'f-1', 'duplicate');
    await first.markDeadLettered(origin('7'));
    await first.close();
    const second = await open();
    expect(await second.standing('urn:bank:core', 'f-49', 'c-1')).toBe('known');
    expect(await second.standing('urn:bank:survey', 'f-49', 'c-1')).toBe('new');
    expect(await second.deadLettered(origin('7'))).toBe(true);
    expect(await second.deadLettered(origin('8'))).toBe(false);
    await second.close();
    await cleanup();
  });

  it('keeps parked records byte for byte, in arrival order per client, and settles them on unpark', async () => {
    const { open, cleanup } = await place();
    const ledger = await open();
    const parkedAt = '2026-11-30T08:00:00.000Z';
    await ledger.park({ clientId: 'c-1', source: 'urn:bank:core', factId: 'a', origin: origin('1'), parkedAt });
    await ledger.park({ clientId: 'c-1', source: 'urn:bank:core', factId: 'b', origin: origin('2'), parkedAt });
    await ledger.park({ clientId: 'c-1', source: 'urn:bank:core', factId: 'a', origin: origin('9'), parkedAt });
    await ledger.park({ clientId: 'c-2', source: 'urn:bank:core', factId: 'c', origin: origin('3'), parkedAt });
    const parked = await ledger.parkedOf('c-1');
    expect(parked.map((fact) => [fact.factId, fact.origin.offset])).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
    expect(parked[0].origin).toEqual(origin('1'));
    expect(await ledger.parkedClients()).toEqual(['c-1', 'c-2']);
    expect([
      await ledger.standing('urn:bank:core', 'x', 'c-1'),
      await ledger.standing('urn:bank:core', 'x', 'c-3'),
    ]).toEqual(['behind-parked', 'new']);
    expect(await ledger.standing('urn:bank:core', 'b', 'c-9')).toBe('known');
    // A chunk's standings in one read, in the order asked, as each alone would be.
    const asked = [
      { source: 'urn:bank:core', factId: 'x', clientId: 'c-3' },
      { source: 'urn:bank:core', factId: 'b', clientId: 'c-9' },
      { source: 'urn:bank:core', factId: 'x', clientId: 'c-1' },
      { source: 'urn:bank:survey', factId: 'b', clientId: 'c-3' },
    ];
    expect(await ledger.standings(asked)).toEqual(['new', 'known', 'behind-parked', 'new']);
    expect(await ledger.standings([])).toEqual([]);
    await ledger.unpark(parked[0], 'applied');
    expect(await ledger.parkedCount()).toBe(2);
    expect(await ledger.standing('urn:bank:core', 'a', 'c-9')).toBe('known');
    await ledger.close();
    await cleanup();
  });
};

describe('SqliteFactLedger', () => {
  ledgerCases(async () => {
    const dir = scratchDir('ledger');
    const path = join(dir.path, 'ingest.sqlite');
    return { open: async () => SqliteFactLedger.open(path), cleanup: async () => dir.cleanup() };
  });
});

describeWithPostgres('PostgresFactLedger', () => {
  ledgerCases(async () => {
    const { schema, drop } = await createTestSchema('crm_ledger');
    return {
      open: () => PostgresFactLedger.open({ connectionString: POSTGRES_TEST_URL, schema }),
      cleanup: drop,
    };
  });
});
