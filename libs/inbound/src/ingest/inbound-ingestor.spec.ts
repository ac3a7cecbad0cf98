import { join } from 'node:path';
import { weekdaysCalendar } from '@crm/domain';
import { SqliteEventStore, type EventStore } from '@crm/event-store';
import type { IncomingMessage } from '@crm/messaging';
import { onboardClient, scratchDir, sendClientCommand, silentLogger } from '@crm/testing';
import { SqliteFactLedger } from '../ledger/sqlite.fact-ledger';
import { FactApplier } from './fact-applier';
import { InboundIngestor, type FactOutcome } from './inbound-ingestor';

const CLIENT = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const LATE = '0190a1b2-c3d4-7e5f-8a9b-00000000001a';
const NOW = '2026-11-30T08:00:00.000Z';

let offset = 0;
const record = (
  id: string,
  type: string,
  data: Record<string, unknown>,
  options: { client?: string; key?: string | null; source?: string } = {},
): IncomingMessage => {
  const client = options.client ?? CLIENT;
  return {
    topic: 'crm.inbound.client-facts.v1',
    partition: 0,
    offset: String(offset++),
    key: options.key === undefined ? client : options.key,
    headers: {},
    value: Buffer.from(
      JSON.stringify({
        specversion: '1.0',
        id,
        source: options.source ?? 'urn:bank:core',
        type,
        subject: client,
        time: '2026-11-30T07:00:00Z',
        datacontenttype: 'application/json',
        data: { clientId: client, ...data },
      }),
    ),
  };
};
const limit = (id: string, client = CLIENT, amount = '1000') =>
  record(id, 'bank.core.CreditLimitChanged.v1', { facilityId: 'F-1', limit: amount, currency: 'CNY' }, { client });
const drawn = (id: string, amount: string, client = CLIENT) =>
  record(id, 'bank.core.UtilisationReported.v1', { facilityId: 'F-1', drawn: amount }, { client });

describe('InboundIngestor', () => {
  let dir: ReturnType<typeof scratchDir>;
  let store: EventStore;
  let ledger: SqliteFactLedger;
  let now: number;
  let deadLetters: { offset: string; reason: string }[];
  let outcomes: FactOutcome[];
  const ingestor = (parkMs = 60_000, ledgerOf = () => ledger) =>
    new InboundIngestor({
      applier: new FactApplier(store, weekdaysCalendar('Asia/Shanghai'), () => new Date(NOW)),
      ledger: ledgerOf(),
      deadLetter: async (origin, reason) => {
        deadLetters.push({ offset: origin.offset, reason });
      },
      parkMs,
      logger: silentLogger,
      clock: () => new Date(now),
      onOutcome: (outcome) => outcomes.push(outcome),
    });
  const events = async (client = CLIENT) => store.readStream(`client-${client}`);

  beforeEach(async () => {
    dir = scratchDir('ingestor');
    store = SqliteEventStore.open(join(dir.path, 'crm.sqlite'));
    ledger = SqliteFactLedger.open(join(dir.path, 'ingest.sqlite'));
    now = Date.parse(NOW);
    deadLetters = [];
    outcomes = [];
    await onboardClient(store, CLIENT, NOW);
  });

  afterEach(async () => {
    await ledger.close();
    await store.close();
    dir.cleanup();
  });

  it('applies a fact as its command: ids derived from the fact, its id as causation, the service as actor', async () => {
    await ingestor().handle([limit('core-1')]);
    const [, , event] = await events();
    expect(event).toMatchObject({
      type: 'CreditLimitSet',
      metadata: { causationId: 'core-1', correlationId: 'core-1', actor: { userId: 'ingest', role: 'service' } },
    });
    expect(event.metadata.occurredAt).toBe('2026-11-30T07:00:00Z');
    expect(event.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8/);
    expect(outcomes).toEqual(['applied']);
  });

  it('appends nothing for a fact sent again, at the same offset or another', async () => {
    const first = limit('core-1');
    await ingestor().handle([first, drawn('core-2', '200')]);
    const before = (await events()).length;
    await ingestor().handle([first, limit('core-1'), drawn('core-2', '200')]);
    expect((await events()).length).toBe(before);
    expect(outcomes).toEqual(['applied', 'applied', 'duplicate', 'duplicate', 'duplicate']);
  });

  it('appends nothing when a crash lost the ledger entry of an appended fact (the store refuses its derived ids)', async () => {
    const replayed = drawn('core-2', '200');
    await ingestor().handle([limit('core-1'), replayed, drawn('core-3', '300')]);
    const before = (await events()).length;
    // Decided again on today's state (drawn 300), core-2 would report 200 anew: only its ids stop it.
    const fresh = SqliteFactLedger.open(join(dir.path, 'lost-ledger.sqlite'));
    try {
      await ingestor(60_000, () => fresh).handle([replayed]);
    } finally {
      await fresh.close();
    }
    expect((await events()).length).toBe(before);
    expect(outcomes).toEqual(['applied', 'applied', 'applied', 'duplicate']);
  });

  it('recognises a fact its own events would make the rules refuse, when a crash lost its ledger entry', async () => {
    const report = record('core-2', 'bank.core.PastDueReported.v1', {
      facilityId: 'F-1',
      amountOverdue: '10.00',
      overdueSince: '2026-11-02',
    });
    const cure = record('core-3', 'bank.core.PastDueCured.v1', { facilityId: 'F-1' });
    await ingestor().handle([limit('core-1'), report, cure]);
    const before = (await events()).length;
    // Decided again, the cure meets a facility it already cured (FACILITY.NOT_PAST_DUE).
    const fresh = SqliteFactLedger.open(join(dir.path, 'lost-ledger.sqlite'));
    try {
      await ingestor(60_000, () => fresh).handle([cure]);
    } finally {
      await fresh.close();
    }
    expect((await events()).length).toBe(before);
    expect(deadLetters).toEqual([]);
    expect(outcomes).toEqual(['applied', 'applied', 'applied', 'duplicate']);
  });

  it('keeps one client in arrival order across a batch', async () => {
    await ingestor().handle([limit('core-1'), drawn('core-2', '100'), drawn('core-3', '300'), drawn('core-4', '250')]);
    const reported = (await events()).filter((event) => event.type === 'CreditUtilisationReported');
    expect(reported.map((event) => (event.data as { drawn: string }).drawn)).toEqual(['100', '300', '250']);
  });

  it('dead-letters an invalid fact once with a reason naming fields, never values', async () => {
    const bad = record('core-9', 'bank.core.UtilisationReported.v1', { facilityId: 'F-1', drawn: 'Jane Doe' });
    const wrongKey = record('core-10', 'bank.core.PastDueCured.v1', { facilityId: 'F-1' }, { key: 'Jane Doe' });
    await ingestor().handle([bad, wrongKey]);
    await ingestor().handle([bad]);
    expect(deadLetters).toEqual([
      {
        offset: bad.offset,
        reason: 'invalid fact: data.drawn must be a non-negative decimal string with at most 4 decimals',
      },
      { offset: wrongKey.offset, reason: 'invalid fact: Kafka key must equal subject' },
    ]);
    expect(outcomes).toEqual(['dead-lettered', 'dead-lettered', 'duplicate']);
  });

  it("dead-letters a fact the client's rules refuse, with the error code", async () => {
    await ingestor().handle([record('core-5', 'bank.core.PastDueCured.v1', { facilityId: 'F-404' })]);
    expect(deadLetters.map((letter) => letter.reason)).toEqual(["refused by the client's rules: FACILITY.NOT_FOUND"]);
  });

  it("applies a holding balance to the client's holding, as the balance route would", async () => {
    await sendClientCommand(store, CLIENT, NOW, {
      type: 'OpenProductHolding',
      data: { holdingId: 'H-1', productCode: 'DEP-1', category: 'deposit', amount: '100.00' },
    });
    const balance = record('core-6', 'bank.core.HoldingBalanceReported.v1', {
      holdingId: 'H-1',
      balance: '-12.5',
      currency: 'CNY',
      asOf: '2026-11-27',
    });
    await ingestor().handle([balance]);
    expect((await events()).at(-1)).toMatchObject({
      type: 'HoldingBalanceReported',
      data: { holdingId: 'H-1', balance: '-12.5', currency: 'CNY', asOf: '2026-11-27' },
    });
    expect([deadLetters, outcomes]).toEqual([[], ['applied']]);
  });

  it('parks facts about an unknown client in order and applies them once the client exists', async () => {
    const run = ingestor();
    await run.handle([limit('core-1', LATE), drawn('core-2', '40', LATE)]);
    await run.retryParked();
    expect(outcomes).toEqual(['parked', 'parked']);
    expect(await ledger.parkedCount()).toBe(2);
    // Redelivered while parked: recognised, not parked twice.
    await run.handle([limit('core-1', LATE)]);
    await onboardClient(store, LATE, NOW);
    // A new fact of the client queues behind its parked ones.
    await run.handle([drawn('core-3', '60', LATE)]);
    await run.retryParked();
    expect((await events(LATE)).map((event) => event.type)).toEqual([
      'ProspectRegistered',
      'ProspectConverted',
      'CreditLimitSet',
      'CreditUtilisationReported',
      'CreditUtilisationReported',
    ]);
    expect(await ledger.parkedCount()).toBe(0);
    expect(outcomes).toEqual(['parked', 'parked', 'duplicate', 'parked', 'applied', 'applied', 'applied']);
  });

  it('parks a fact behind one of its client parked earlier in the same batch, even once the client exists', async () => {
    const applier = new FactApplier(store, weekdaysCalendar('Asia/Shanghai'), () => new Date(NOW));
    // The client is registered right after the batch's first fact about it was found unknown.
    const apply = applier.apply.bind(applier);
    let registered = false;
    applier.apply = async (fact) => {
      const result = await apply(fact);
      if (!registered) {
        registered = true;
        await onboardClient(store, LATE, NOW);
      }
      return result;
    };
    const run = new InboundIngestor({
      applier,
      ledger,
      deadLetter: async () => undefined,
      parkMs: 60_000,
      logger: silentLogger,
      clock: () => new Date(now),
      onOutcome: (outcome) => outcomes.push(outcome),
    });
    await run.handle([limit('core-1', LATE), drawn('core-2', '40', LATE), limit('core-1', LATE)]);
    expect(outcomes).toEqual(['parked', 'parked', 'duplicate']);
    await run.retryParked();
    expect((await events(LATE)).map((event) => event.type).slice(2)).toEqual([
      'CreditLimitSet',
      'CreditUtilisationReported',
    ]);
  });

  it('dead-letters a parked fact once its client stayed unknown past the parking time', async () => {
    const run = ingestor(1000);
    await run.handle([limit('core-1', LATE)]);
    now += 999;
    await run.retryParked();
    expect(deadLetters).toEqual([]);
    now += 1;
    await run.retryParked();
    expect(deadLetters.map((letter) => letter.reason)).toEqual(['client unknown after 1000 ms parked']);
    expect(await ledger.parkedCount()).toBe(0);
  });

  it("records a survey answer against the client's manager", async () => {
    await sendClientCommand(store, CLIENT, NOW, {
      type: 'AssignManager',
      data: {
        managerId: 'M-1',
        reason: 'onboarding',
        manager: {
          managerId: 'M-1',
          name: 'M One',
          branchId: 'BR-1',
          level: 'senior',
          active: true,
          absentUntil: null,
        },
      },
    });
    const answer = record(
      'nps-1',
      'bank.survey.SatisfactionAnswered.v1',
      { kind: 'nps', score: 9, answeredAt: '2026-11-30T07:00:00Z' },
      { source: 'urn:bank:survey' },
    );
    await ingestor().handle([answer]);
    const last = (await events()).at(-1);
    expect(last).toMatchObject({ type: 'SatisfactionRecorded', data: { kind: 'nps', score: 9, managerId: 'M-1' } });
  });
});
