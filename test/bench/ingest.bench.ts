import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseInboundFact } from '@crm/contracts';
import { clientDecider, clientStreamId, weekdaysCalendar, type ClientCommand } from '@crm/domain';
import { handleCommand, openEventStore, StreamStateCache, type EventStore } from '@crm/event-store';
import {
  catalogueEntryOf,
  DEFAULT_INGEST_CONCURRENCY,
  FactApplier,
  InboundIngestor,
  openFactLedger,
  type FactCommand,
  type FactLedgerLocation,
} from '@crm/inbound';
import type { IncomingMessage, MessagingLogger } from '@crm/messaging';
import type { BenchReport } from './report';
import { BENCH_DATABASE_URL, withTempSchema } from './temp-store';

const BENCH = 'ingest';
const FACTS = Number(process.env.BENCH_INGEST_FACTS ?? 20_000);
const CLIENTS = 500;
/** Records per call, as the worker hands the ingestor a chunk of a Kafka batch. */
const CHUNK = 500;
const CALENDAR = weekdaysCalendar('Asia/Shanghai');
const ACTOR = { userId: 'bench', role: 'relationship_manager' } as const;
const quiet: MessagingLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const MASTER = { secret: 'bench-only-master-key-0123456789abcdef' };

const clientIdOf = (index: number): string => `0190a1b2-c3d4-7e5f-8a9b-${index.toString(16).padStart(12, '0')}`;

/** A seeded mix of what core banking and the survey tool send, every fact accepted by the client's rules. */
const generateRecords = (): IncomingMessage[] => {
  let seed = 7;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const state = Array.from({ length: CLIENTS }, () => ({ facility: false, pastDue: false }));
  return Array.from({ length: FACTS }, (_, n) => {
    const index = Math.floor(next() * CLIENTS);
    const client = clientIdOf(index);
    const s = state[index];
    const pick = next();
    let type: string;
    let data: Record<string, unknown>;
    let source = 'urn:bank:core';
    if (!s.facility) {
      s.facility = true;
      type = 'bank.core.CreditLimitChanged.v1';
      data = { facilityId: 'F-1', limit: '100000', currency: 'CNY' };
    } else if (pick < 0.4) {
      type = 'bank.core.UtilisationReported.v1';
      data = { facilityId: 'F-1', drawn: `${n}.50` };
    } else if (pick < 0.55) {
      type = 'bank.core.CreditLimitChanged.v1';
      data = { facilityId: 'F-1', limit: `${100_000 + n}`, currency: 'CNY' };
    } else if (pick < 0.75 && !s.pastDue) {
      s.pastDue = true;
      type = 'bank.core.PastDueReported.v1';
      data = { facilityId: 'F-1', amountOverdue: `${1 + n}.00`, overdueSince: '2026-10-01' };
    } else if (s.pastDue && pick < 0.9) {
      s.pastDue = false;
      type = 'bank.core.PastDueCured.v1';
      data = { facilityId: 'F-1' };
    } else {
      type = 'bank.survey.SatisfactionAnswered.v1';
      source = 'urn:bank:survey';
      data = { kind: 'nps', score: n % 11, answeredAt: '2026-11-30T08:00:00Z' };
    }
    const fact = {
      specversion: '1.0',
      id: `fact-${n}`,
      source,
      type,
      subject: client,
      datacontenttype: 'application/json',
      data: { clientId: client, ...data },
    };
    return {
      topic: 'bench',
      partition: index % 12,
      offset: String(n),
      key: client,
      value: Buffer.from(JSON.stringify(fact)),
      headers: {},
    };
  });
};

const send = (store: EventStore, clientId: string, body: FactCommand | Omit<ClientCommand, 'metadata'>) =>
  handleCommand(
    store,
    clientStreamId(clientId),
    clientDecider,
    { ...body, metadata: { now: new Date().toISOString(), actor: ACTOR, calendar: CALENDAR } } as ClientCommand,
    { correlationId: 'bench', causationId: 'bench', actor: ACTOR },
  );

const onboard = async (store: EventStore): Promise<void> => {
  for (let index = 0; index < CLIENTS; index++) {
    const clientId = clientIdOf(index);
    await send(store, clientId, {
      type: 'RegisterProspect',
      data: {
        clientId,
        branchId: 'BR-1',
        segment: 'corporate',
        industry: 'logistics',
        legalName: `Bench Client ${index} Ltd`,
        registrationNo: `9135${index}`,
        contact: { email: 'ops@client.example' },
        source: 'referral',
      },
    });
    await send(store, clientId, { type: 'ConvertProspect', data: {} });
    await send(store, clientId, {
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
  }
};

/** Runs `work` per client group of each chunk, as many clients at a time as the ingestor, one client's items in order: its pattern. */
const inLanes = async <T>(items: readonly T[], keyOf: (item: T) => string, work: (item: T) => Promise<unknown>) => {
  for (let start = 0; start < items.length; start += CHUNK) {
    const groups = new Map<string, T[]>();
    for (const item of items.slice(start, start + CHUNK))
      groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
    const lists = [...groups.values()];
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(DEFAULT_INGEST_CONCURRENCY, lists.length) }, async () => {
        while (next < lists.length) for (const item of lists[next++]) await work(item);
      }),
    );
  }
};

/**
 * Inbound facts applied per second: records of crm.inbound.client-facts.v1 through the ingestor
 * (validation, ledger, derived ids, the client decider, the append) against the same facts' commands
 * sent straight through handleCommand in the same lanes, the baseline, on a fresh store of the same
 * kind. Kafka is left out (the e2e measures through a broker); the apps' encrypted store is used.
 */
export async function ingestBench(report: BenchReport): Promise<void> {
  const records = generateRecords();
  const commands = await Promise.all(
    records.map(async (record) => {
      const parsed = parseInboundFact(record.key, record.value);
      if (!parsed.ok) throw new Error(parsed.errors.join('; '));
      const entry = catalogueEntryOf(parsed.fact.type);
      if (entry === undefined || 'unsupported' in entry) throw new Error(`no mapping for ${parsed.fact.type}`);
      const command = await entry.toCommand(parsed.fact, { currentManagerOf: async () => 'M-1', recoveryDays: 5 });
      return { clientId: parsed.fact.subject, command };
    }),
  );
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-ingest-'));
  try {
    // Each store kind with the ledger the apps pair it with (openFactLedger, as ingestOptions picks).
    type Opened = { store: EventStore; ledger: FactLedgerLocation; done: () => Promise<void> };
    const stores: readonly [string, (name: string) => Promise<Opened>][] = [
      [
        'sqlite',
        async (name) => {
          const store = await openEventStore({
            kind: 'sqlite',
            path: join(dir, `${name}.sqlite`),
            durable: true,
            dataKeys: { master: MASTER },
          });
          return {
            store,
            ledger: { kind: 'sqlite', path: join(dir, `${name}-ledger.sqlite`) },
            done: () => store.close(),
          };
        },
      ],
      [
        'postgres',
        async () => {
          let release: () => void = () => undefined;
          let opened: (value: readonly [EventStore, string]) => void = () => undefined;
          const ready = new Promise<readonly [EventStore, string]>((resolve) => (opened = resolve));
          const finished = withTempSchema(async (schema) => {
            const store = await openEventStore({
              kind: 'postgres',
              connectionString: BENCH_DATABASE_URL,
              schema,
              dataKeys: { master: MASTER },
            });
            opened([store, schema]);
            await new Promise<void>((resolve) => (release = resolve));
            await store.close();
          });
          const [store, schema] = await ready;
          return {
            store,
            ledger: { kind: 'postgres', connectionString: BENCH_DATABASE_URL, schema },
            done: async () => (release(), await finished),
          };
        },
      ],
    ];
    for (const [kind, open] of stores) {
      const baseline = await open('baseline');
      try {
        await onboard(baseline.store);
        const cache = new StreamStateCache<unknown>();
        const started = performance.now();
        let done = 0;
        await inLanes(
          commands,
          (item) => item.clientId,
          async ({ clientId, command }) => {
            await handleCommand(
              baseline.store,
              clientStreamId(clientId),
              clientDecider,
              {
                ...command,
                metadata: { now: new Date().toISOString(), actor: ACTOR, calendar: CALENDAR },
              } as ClientCommand,
              { correlationId: 'b', causationId: 'b', actor: ACTOR },
              { cache: cache as StreamStateCache<never> },
            );
            report.progress(`${BENCH}: ${kind} baseline`, ++done, commands.length);
          },
        );
        const seconds = (performance.now() - started) / 1000;
        report.record({
          bench: BENCH,
          name: 'baseline: the same commands via handleCommand',
          store: kind,
          operations: commands.length,
          unit: 'commands',
          seconds,
          perSecond: commands.length / seconds,
          notes: `${CLIENTS} clients, ${DEFAULT_INGEST_CONCURRENCY} at a time, chunks of ${CHUNK}`,
        });
      } finally {
        await baseline.done();
      }
      const ingest = await open('ingest');
      const ledger = await openFactLedger(ingest.ledger);
      try {
        await onboard(ingest.store);
        const ingestor = new InboundIngestor({
          applier: new FactApplier(ingest.store, CALENDAR),
          ledger,
          deadLetter: () => Promise.reject(new Error('no fact may be dead-lettered')),
          parkMs: 60_000,
          logger: quiet,
        });
        const started = performance.now();
        for (let start = 0; start < records.length; start += CHUNK) {
          await ingestor.handle(records.slice(start, start + CHUNK));
          report.progress(`${BENCH}: ${kind} facts`, Math.min(start + CHUNK, records.length), records.length);
        }
        const seconds = (performance.now() - started) / 1000;
        report.record({
          bench: BENCH,
          name: 'inbound facts applied (ingestor, ledger, derived ids)',
          store: kind,
          operations: records.length,
          unit: 'facts',
          seconds,
          perSecond: records.length / seconds,
          target: kind === 'sqlite' ? 5_000 : 2_500,
          notes: `${CLIENTS} clients, durable store with encryption, ledger beside it (${ingest.ledger.kind})`,
        });
      } finally {
        await ledger.close();
        await ingest.done();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
