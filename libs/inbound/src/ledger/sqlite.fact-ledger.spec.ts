import { join } from 'node:path';
import type { IncomingMessage } from '@crm/messaging';
import { scratchDir } from '@crm/testing';
import { SqliteFactLedger } from './sqlite.fact-ledger';

const origin = (offset: string): IncomingMessage => ({
  topic: 'crm.inbound.client-facts.v1',
  partition: 3,
  offset,
  key: 'c-1',
  value: Buffer.from([0, 1, 2, 255]),
  headers: { 'content-type': 'application/cloudevents+json' },
});

describe('SqliteFactLedger', () => {
  it('commits settles made side by side together, and they survive reopening the file', async () => {
    const dir = scratchDir('ledger');
    const path = join(dir.path, 'ingest.sqlite');
    const first = SqliteFactLedger.open(path);
    await Promise.all(Array.from({ length: 50 }, (_, n) => first.settle('urn:bank:core', `f-${n}`, 'applied')));
    await first.markDeadLettered(origin('7'));
    await first.close();
    const second = SqliteFactLedger.open(path);
    expect(await second.knows('urn:bank:core', 'f-49')).toBe(true);
    expect(await second.knows('urn:bank:survey', 'f-49')).toBe(false);
    expect(await second.deadLettered(origin('7'))).toBe(true);
    expect(await second.deadLettered(origin('8'))).toBe(false);
    await second.close();
    dir.cleanup();
  });

  it('keeps parked records byte for byte, in arrival order per client, and settles them on unpark', async () => {
    const dir = scratchDir('ledger');
    const ledger = SqliteFactLedger.open(join(dir.path, 'ingest.sqlite'));
    const parkedAt = '2026-11-30T08:00:00.000Z';
    await ledger.park({ clientId: 'c-1', source: 'urn:bank:core', factId: 'a', origin: origin('1'), parkedAt });
    await ledger.park({ clientId: 'c-1', source: 'urn:bank:core', factId: 'b', origin: origin('2'), parkedAt });
    await ledger.park({ clientId: 'c-1', source: 'urn:bank:core', factId: 'a', origin: origin('9'), parkedAt });
    const parked = await ledger.parkedOf('c-1');
    expect(parked.map((fact) => [fact.factId, fact.origin.offset])).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
    expect(parked[0].origin).toEqual(origin('1'));
    expect(await ledger.knows('urn:bank:core', 'b')).toBe(true);
    await ledger.unpark(parked[0], 'applied');
    expect(await ledger.parkedCount()).toBe(1);
    expect(await ledger.knows('urn:bank:core', 'a')).toBe(true);
    await ledger.close();
    dir.cleanup();
  });
});
