import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { parseInboundFact } from '@crm/contracts';
import { weekdaysCalendar } from '@crm/domain';
import { SqliteEventStore, type EventStore, type RecordedEvent } from '@crm/event-store';
import { FactApplier } from '@crm/inbound';
import { DEAD_LETTER_HEADERS, type OutgoingMessage } from '@crm/messaging';
import {
  collectMessages,
  describeWithKafka,
  freePort,
  KAFKA_TEST_BROKERS,
  onboardClient,
  scratchDir,
  sendClientCommand,
  startProcess,
  testBroker,
  uniqueName,
  type RunningProcess,
} from '@crm/testing';

const INGEST_MAIN = resolve(__dirname, '../../../dist/apps/ingest/src/main.js');
const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** The done-when at full scale: 10,000 facts over 500 clients (+20 registered late). */
const CLIENTS = 500;
const LATE_CLIENTS = 20;
const TOTAL = 10_000;
const DUPLICATES = 300;
const INVALID = 50;
const NOW = new Date().toISOString();
const PERSONAL = 'Jane Doe';

/** A seeded generator, so a failure can be replayed. */
const random = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};

const clientIdOf = (index: number): string => `0190a1b2-c3d4-7e5f-8a9b-${index.toString(16).padStart(12, '0')}`;

type Fact = Readonly<{ id: string; source: string; type: string; client: string; data: Record<string, unknown> }>;
type Sent = Readonly<{ message: OutgoingMessage; fact: Fact | null }>;

const envelope = (fact: Fact) => ({
  specversion: '1.0',
  id: fact.id,
  source: fact.source,
  type: fact.type,
  subject: fact.client,
  time: NOW,
  datacontenttype: 'application/json',
  data: { clientId: fact.client, ...fact.data },
});

const valid = (fact: Fact): Sent => ({
  message: { key: fact.client, value: JSON.stringify(envelope(fact)) },
  fact,
});

/**
 * Each client's facts follow what core banking would send (a facility first, a cure only while past
 * due, a holding closed once), so every valid fact is accepted by the client's rules: the only
 * dead letters are the invalid ones.
 */
const generateFacts = (): { originals: Fact[]; late: Fact[] } => {
  const next = random(15);
  const state = Array.from({ length: CLIENTS }, () => ({ facility: false, pastDue: false, holdingOpen: true }));
  const originals: Fact[] = [];
  const count = TOTAL - DUPLICATES - INVALID - LATE_CLIENTS;
  for (let n = 0; n < count; n++) {
    const index = Math.floor(next() * CLIENTS);
    const client = clientIdOf(index);
    const s = state[index];
    const id = `core-${n}`;
    const core = (type: string, data: Record<string, unknown>): Fact => ({
      id,
      source: 'urn:bank:core',
      type,
      client,
      data,
    });
    const pick = next();
    if (!s.facility) {
      s.facility = true;
      originals.push(core('bank.core.CreditLimitChanged.v1', { facilityId: 'F-1', limit: '100000', currency: 'CNY' }));
    } else if (pick < 0.3) {
      originals.push(
        core('bank.core.UtilisationReported.v1', { facilityId: 'F-1', drawn: `${Math.floor(next() * 90_000)}.50` }),
      );
    } else if (pick < 0.45) {
      originals.push(
        core('bank.core.CreditLimitChanged.v1', {
          facilityId: 'F-1',
          limit: `${100_000 + Math.floor(next() * 50) * 1000}`,
          currency: 'CNY',
        }),
      );
    } else if (pick < 0.65 && !s.pastDue) {
      s.pastDue = true;
      originals.push(
        core('bank.core.PastDueReported.v1', {
          facilityId: 'F-1',
          amountOverdue: `${1 + Math.floor(next() * 5000)}.00`,
          overdueSince: '2026-10-01',
        }),
      );
    } else if (pick < 0.8 && s.pastDue) {
      s.pastDue = false;
      originals.push(core('bank.core.PastDueCured.v1', { facilityId: 'F-1' }));
    } else if (pick < 0.82 && s.holdingOpen) {
      s.holdingOpen = false;
      originals.push(core('bank.core.HoldingClosed.v1', { holdingId: 'H-1' }));
    } else {
      originals.push({
        id: `nps-${n}`,
        source: 'urn:bank:survey',
        type: 'bank.survey.SatisfactionAnswered.v1',
        client,
        data: { kind: 'nps', score: Math.floor(next() * 11), answeredAt: NOW },
      });
    }
  }
  const late = Array.from({ length: LATE_CLIENTS }, (_, n) => ({
    id: `core-late-${n}`,
    source: 'urn:bank:core',
    type: 'bank.core.CreditLimitChanged.v1',
    client: clientIdOf(CLIENTS + n),
    data: { facilityId: 'F-9', limit: '5000', currency: 'CNY' },
  }));
  return { originals, late };
};

/** Fifty ways to be wrong, none of whose reasons may carry the personal data some of them hold. */
const invalidMessages = (): OutgoingMessage[] =>
  Array.from({ length: INVALID }, (_, n) => {
    const client = clientIdOf(n);
    const base = envelope({
      id: `bad-${n}`,
      source: 'urn:bank:core',
      type: 'bank.core.UtilisationReported.v1',
      client,
      data: { facilityId: 'F-1', drawn: '10.00' },
    });
    const json = (value: unknown, key = client): OutgoingMessage => ({ key, value: JSON.stringify(value) });
    switch (n % 8) {
      case 0:
        return json({ ...base, data: { ...base.data, drawn: 12 } });
      case 1:
        return json(base, clientIdOf(n + 1));
      case 2:
        return json({ ...base, type: 'bank.core.Unknown.v1' });
      case 3:
        return json({ ...base, data: { clientId: client, drawn: '1.00' } });
      case 4:
        return json({ ...base, source: 'urn:bank:survey' });
      case 5:
        return { key: client, value: `{"id":"bad-${n}","debtor":"${PERSONAL}"` };
      case 6:
        return json({ ...base, data: { ...base.data, debtorName: PERSONAL } });
      default:
        // A balance as a JSON number: floats cannot carry money exactly.
        return json({
          ...base,
          type: 'bank.core.HoldingBalanceReported.v1',
          data: { clientId: client, holdingId: 'H-1', balance: 10.1, currency: 'CNY', asOf: '2026-11-30' },
        });
    }
  });

/** Duplicates and invalid records spread through the originals; a duplicate always after its original. */
const interleave = (originals: readonly Fact[], invalid: readonly OutgoingMessage[], late: readonly Fact[]): Sent[] => {
  const next = random(77);
  const sent: Sent[] = originals.map(valid);
  for (const message of invalid) sent.splice(Math.floor(next() * sent.length), 0, { message, fact: null });
  for (const fact of late) sent.splice(Math.floor(next() * sent.length), 0, valid(fact));
  for (let n = 0; n < DUPLICATES; n++) {
    const at = Math.floor(next() * (sent.length - 1));
    const original = sent.slice(at).find((entry) => entry.fact !== null);
    if (original === undefined) {
      n--;
      continue;
    }
    const after = sent.indexOf(original) + 1;
    sent.splice(after + Math.floor(next() * (sent.length - after)), 0, original);
  }
  return sent;
};

const MANAGER = {
  managerId: 'M-1',
  name: 'M One',
  branchId: 'BR-1',
  level: 'senior',
  active: true,
  absentUntil: null,
} as const;

const onboard = async (store: EventStore, client: string): Promise<void> => {
  await onboardClient(store, client, NOW);
  await sendClientCommand(store, client, NOW, {
    type: 'AssignManager',
    data: { managerId: 'M-1', reason: 'onboarding', manager: MANAGER },
  });
  await sendClientCommand(store, client, NOW, {
    type: 'OpenProductHolding',
    data: { holdingId: 'H-1', productCode: 'DEP-1', category: 'deposit', amount: '1000' },
  });
};

const PERSONAL_FIELDS: Readonly<Record<string, string>> = { SatisfactionRecorded: 'comment', TaskCreated: 'title' };

/** What the facts made of each client: every event the ingest appended, as the store holds it. */
const factEvents = (events: readonly RecordedEvent[]): Map<string, unknown[]> => {
  const byStream = new Map<string, unknown[]>();
  for (const event of events) {
    if (event.metadata.actor.userId !== 'ingest') continue;
    const list = byStream.get(event.streamId) ?? [];
    // The survey comment and a recovery task's title are personal data: the ingest's store encrypts
    // them (a fresh IV each time), the plain reference store does not; that they are there is what
    // can be compared.
    const personal = PERSONAL_FIELDS[event.type];
    const data = personal === undefined ? event.data : { ...(event.data as object), [personal]: '<personal>' };
    list.push({ id: event.eventId, type: event.type, data, cause: event.metadata.causationId });
    byStream.set(event.streamId, list);
  }
  return byStream;
};

describeWithKafka('ingest of inbound facts through a real broker, SIGKILLed twice', () => {
  it('gives exactly the expected client streams, 50 dead letters with reasons, no duplicate event', async () => {
    const dir = scratchDir('ingest-crash');
    const path = join(dir.path, 'crm.sqlite');
    const ledgerPath = join(dir.path, 'ingest.sqlite');
    const prefix = `${uniqueName('ingest')}.`;
    const topic = `${prefix}crm.inbound.client-facts.v1`;
    const deadLetterTopic = `${prefix}crm.dead-letter.v1`;
    const store = SqliteEventStore.open(path, { synchronous: 'NORMAL' });
    const reference = SqliteEventStore.open(join(dir.path, 'reference.sqlite'), { synchronous: 'OFF' });
    const broker = testBroker();
    let ingest: RunningProcess | null = null;
    try {
      const { originals, late } = generateFacts();
      const sent = interleave(originals, invalidMessages(), late);
      expect(sent).toHaveLength(TOTAL);
      const lateClients = late.map((fact) => fact.client);
      const clients = Array.from({ length: CLIENTS }, (_, n) => clientIdOf(n));
      for (const client of clients) await onboard(store, client);

      // The expected outcome, decided without Kafka, parking or a ledger: every valid fact once, in
      // each client's order, on a store where every client (late ones too) exists from the start.
      for (const client of [...clients, ...lateClients]) await onboard(reference, client);
      const applier = new FactApplier(reference, weekdaysCalendar('Asia/Shanghai'));
      const inOrder = [...new Set(sent.flatMap((entry) => (entry.fact === null ? [] : [entry.fact])))];
      expect(inOrder).toHaveLength(originals.length + late.length);
      for (const fact of inOrder) {
        const parsed = parseInboundFact(fact.client, Buffer.from(JSON.stringify(envelope(fact))));
        if (!parsed.ok) throw new Error(`generated an invalid fact: ${parsed.errors.join('; ')}`);
        expect([fact.id, (await applier.apply(parsed.fact)).kind]).toEqual([fact.id, 'applied']);
      }
      const expected = factEvents(await reference.readAll());

      await broker.ensureTopics([
        { name: topic, partitions: 4 },
        { name: deadLetterTopic, partitions: 4 },
      ]);
      const producer = await broker.producer();
      for (let start = 0; start < sent.length; start += 500) {
        await producer.send(
          topic,
          sent.slice(start, start + 500).map((entry) => entry.message),
        );
      }
      await producer.close();

      const env = {
        SQLITE_PATH: path,
        INGEST_LEDGER_PATH: ledgerPath,
        KAFKA_BROKERS: KAFKA_TEST_BROKERS.join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_TOPIC_PARTITIONS: '4',
        INGEST_PARK_MS: '600000',
        INGEST_PARK_RETRY_MS: '200',
        BANK_CALENDAR_DIR: resolve(__dirname, '../../../config/calendar'),
        LOG_LEVEL: 'warn',
      };
      const expectedEvents = [...expected.values()].reduce((sum, list) => sum + list.length, 0);
      const count = (file: string, sql: string): number => {
        let db: Database.Database | null = null;
        try {
          db = new Database(file, { readonly: true, fileMustExist: true });
          return (db.prepare(sql).get() as { n: number }).n;
        } catch {
          // The ledger does not exist until the first ingest process creates it.
          return 0;
        } finally {
          db?.close();
        }
      };
      const progress = (): { done: number; parked: number } => ({
        done: count(path, "SELECT count(*) AS n FROM events WHERE json_extract(metadata, '$.actor.userId') = 'ingest'"),
        parked: count(ledgerPath, 'SELECT count(*) AS n FROM inbound_parked'),
      });
      const start = async (): Promise<{ process: RunningProcess; port: number }> => {
        const port = await freePort();
        return { process: startProcess(INGEST_MAIN, { ...env, PORT: String(port) }), port };
      };
      const waitFor = async (what: string, reached: () => boolean, timeoutMs = 180_000): Promise<void> => {
        const deadline = Date.now() + timeoutMs;
        while (!reached()) {
          if (ingest?.child.exitCode !== null && ingest?.child.exitCode !== undefined)
            throw new Error(`ingest exited:\n${ingest.output()}`);
          if (Date.now() > deadline) throw new Error(`${what} not reached:\n${ingest?.output() ?? ''}`);
          await sleep(20);
        }
      };
      const kill = async (): Promise<number> => {
        ingest?.child.kill('SIGKILL');
        await ingest?.exited;
        return progress().done;
      };

      ingest = (await start()).process;
      await waitFor('a quarter of the facts', () => progress().done >= expectedEvents * 0.25);
      const atFirstKill = await kill();
      ingest = (await start()).process;
      // The late clients are registered a moment after the facts about them arrived.
      await waitFor('late facts parked', () => progress().parked >= 1);
      for (const client of lateClients) await onboard(store, client);
      await waitFor('two thirds of the facts', () => progress().done >= expectedEvents * 0.66);
      const atSecondKill = await kill();
      const last = await start();
      ingest = last.process;
      await waitFor('every fact settled', () => {
        const now = progress();
        return now.done >= expectedEvents && now.parked === 0;
      });

      expect(progress()).toEqual({ done: expectedEvents, parked: 0 });
      // Both kills landed mid-run, with facts still to come.
      expect(atFirstKill).toBeLessThan(atSecondKill);
      expect(atSecondKill).toBeLessThan(expectedEvents);
      const actual = factEvents(await store.readAll());
      expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [stream, events] of expected) expect([stream, actual.get(stream)]).toEqual([stream, events]);
      const ids = (await store.readAll()).map((event) => event.eventId);
      expect(new Set(ids).size).toBe(ids.length);

      const letters = await collectMessages(broker, [deadLetterTopic], (messages) => messages.length >= INVALID);
      await sleep(1000);
      const origins = new Set(
        letters.map(
          (letter) =>
            `${letter.headers[DEAD_LETTER_HEADERS.originPartition]}/${letter.headers[DEAD_LETTER_HEADERS.originOffset]}`,
        ),
      );
      // Exactly the fifty records, each with its reason. The topic is at least once: a letter whose
      // send the broker had taken when the SIGKILL landed, before the ledger noted it, is sent again,
      // with the same origin headers (what a reader of the dead letters deduplicates on).
      // Only the invalid records: no valid fact refused, a crash's re-decision included.
      const unexpected = letters
        .map((letter) => letter.headers[DEAD_LETTER_HEADERS.error] ?? '')
        .filter((reason) => !reason.startsWith('invalid fact: '));
      expect(unexpected).toEqual([]);
      expect(origins.size).toBe(INVALID);
      // A letter is in flight only while its send is unacknowledged: a few at most at each kill.
      expect(letters.length).toBeLessThanOrEqual(INVALID + 6);
      for (const letter of letters) {
        const reason = letter.headers[DEAD_LETTER_HEADERS.error] ?? '';
        expect(reason).not.toBe('');
        expect(reason).not.toContain(PERSONAL);
      }

      const metrics = await (await fetch(`http://127.0.0.1:${last.port}/metrics`)).text();
      expect(metrics).toMatch(/crm_ingest_facts_total\{outcome="applied"\} \d+/);
      expect(metrics).toMatch(/crm_ingest_consumer_lag 0/);
      process.stdout.write(
        `ingest crash: ${TOTAL} facts over ${CLIENTS + LATE_CLIENTS} clients, killed at ${atFirstKill} and ${atSecondKill} events appended; ` +
          `${expectedEvents} events as expected, ${letters.length} dead letters from ${origins.size} records\n`,
      );
    } finally {
      ingest?.child.kill('SIGKILL');
      await broker.close();
      await reference.close();
      await store.close();
      dir.cleanup();
    }
  });
});
