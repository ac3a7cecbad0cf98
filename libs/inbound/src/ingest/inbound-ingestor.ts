import { parseInboundFact, type InboundFact } from '@crm/contracts';
import type { IncomingMessage, MessagingLogger } from '@crm/messaging';
import type { FactLedger, FactStanding, ParkedFact } from '../ledger/fact-ledger.port';
import type { FactApplier } from './fact-applier';

/** What became of one Kafka record; a parked fact counts again when it is finally applied or dead-lettered. */
export type FactOutcome = 'applied' | 'duplicate' | 'dead-lettered' | 'parked';

export type InboundIngestorOptions = Readonly<{
  applier: FactApplier;
  ledger: FactLedger;
  /** Sends the record, unchanged, to the dead-letter topic with the reason; resolves once it is written. */
  deadLetter: (origin: IncomingMessage, reason: string) => Promise<void>;
  /** How long a fact about an unknown client is held and retried before it is dead-lettered. */
  parkMs: number;
  logger: MessagingLogger;
  /** Clients worked on at once within a batch; one client's facts always run one after another. */
  concurrency?: number;
  clock?: () => Date;
  onOutcome?: (outcome: FactOutcome, type: string) => void;
}>;

/** A record as the chunk read it: parsed, and (when valid) where its fact stood before the chunk began. */
type Prepared = Readonly<{ origin: IncomingMessage; parsed: ReturnType<typeof parseInboundFact>; read: FactStanding }>;

/**
 * What the lanes of one chunk learn as they go, which the standings read at its start cannot know:
 * the facts handled in it (a second copy is known), and the clients one of whose facts it parked
 * (their later facts wait behind it).
 */
type ChunkState = { readonly seen: Set<string>; readonly parked: Set<string> };

/** A record's ledger write, which the next fact of its client (and the batch's end) waits for. */
type Recorded = Readonly<{ recorded: Promise<void> }>;

const DONE: Recorded = { recorded: Promise.resolve() };

/** Watched from the start, so a failed write is never an unhandled rejection before it is awaited. */
const pending = (write: Promise<void>): Recorded => {
  write.catch(() => undefined);
  return { recorded: write };
};

/**
 * Clients worked on at once by default: enough appends in flight for the store's group commit and
 * the ledger's to share each sync among many facts (the ingest bench), few enough to bound memory.
 */
export const DEFAULT_INGEST_CONCURRENCY = 256;

/**
 * The ingest's rules for each record of crm.inbound.client-facts.v1, apart from Kafka: validate
 * (else dead-letter with the reason), drop a fact already settled or parked (by source and id),
 * hold a fact behind its client's parked ones, apply it, park it when its client is unknown.
 * Facts of one client run one after another, in arrival order, here and in the parked retry
 * alike (one lane per client); different clients run side by side.
 */
export class InboundIngestor {
  private readonly lanes = new Map<string, Promise<void>>();
  private readonly clock: () => Date;

  constructor(private readonly options: InboundIngestorOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** Handles records in order per key; resolves once every one is settled, parked or dead-lettered. */
  async handle(messages: readonly IncomingMessage[]): Promise<void> {
    const byClient = new Map<string, Prepared[]>();
    for (const record of await this.prepare(messages)) {
      const key = record.origin.key ?? '';
      const list = byClient.get(key);
      if (list === undefined) byClient.set(key, [record]);
      else list.push(record);
    }
    const chunk: ChunkState = { seen: new Set(), parked: new Set() };
    const groups = [...byClient.entries()];
    let next = 0;
    // A fact's ledger record must be durable before the next fact of its client starts, not before
    // other clients' facts do: a lane waits for it only there, and the batch for all of them, so
    // the ledger's sync overlaps the store's instead of following it.
    const records: Promise<void>[] = [];
    const worker = async (): Promise<void> => {
      while (next < groups.length) {
        const [key, list] = groups[next++];
        await this.inLane(key, async () => {
          let recorded: Promise<void> = Promise.resolve();
          for (const record of list) {
            await recorded;
            recorded = (await this.process(record, chunk)).recorded;
          }
          records.push(recorded);
        });
      }
    };
    const workers = Math.min(this.options.concurrency ?? DEFAULT_INGEST_CONCURRENCY, groups.length);
    // All settle before a failure is passed on, so no lane is still running when Kafka redelivers.
    const results = await Promise.allSettled(Array.from({ length: workers }, worker));
    results.push(...(await Promise.allSettled(records)));
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }

  /** One pass over the parked facts: each client's in order, stopping at the first still unknown and not expired. */
  async retryParked(): Promise<void> {
    for (const clientId of await this.options.ledger.parkedClients()) {
      await this.inLane(clientId, () => this.drainParked(clientId));
    }
  }

  /** Resolves once every lane is idle. */
  async idle(): Promise<void> {
    while (this.lanes.size > 0) await Promise.allSettled([...this.lanes.values()]);
  }

  private inLane(key: string, work: () => Promise<void>): Promise<void> {
    const previous = this.lanes.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.lanes.set(key, settled);
    void settled.then(() => {
      if (this.lanes.get(key) === settled) this.lanes.delete(key);
    });
    return run;
  }

  /** Parses the chunk's records and reads where all its valid facts stand, in one ledger read. */
  private async prepare(messages: readonly IncomingMessage[]): Promise<Prepared[]> {
    const parsed = messages.map((origin) => ({ origin, parsed: parseInboundFact(origin.key, origin.value) }));
    const facts = parsed.flatMap(({ parsed: p }) =>
      p.ok ? [{ source: p.fact.source, factId: p.fact.id, clientId: p.fact.subject }] : [],
    );
    const standings = await this.options.ledger.standings(facts);
    let next = 0;
    return parsed.map((record) => ({ ...record, read: record.parsed.ok ? standings[next++] : 'new' }));
  }

  /** Where a fact stands now: the chunk's own knowledge first, then what the ledger said at its start. */
  private async standingOf(fact: InboundFact, read: FactStanding, chunk: ChunkState): Promise<FactStanding> {
    const key = `${fact.source}\n${fact.id}`;
    const known = chunk.seen.has(key);
    chunk.seen.add(key);
    if (known) return 'known';
    if (chunk.parked.has(fact.subject)) return 'behind-parked';
    // The parked retry may have drained the client's parked facts since the chunk began: the rare
    // case is asked again rather than parking a fact behind nothing.
    return read === 'behind-parked' ? this.options.ledger.standing(fact.source, fact.id, fact.subject) : read;
  }

  /** Settles, parks or dead-letters one record; `recorded` resolves once its ledger record is durable. */
  private async process({ origin, parsed, read }: Prepared, chunk: ChunkState): Promise<Recorded> {
    const { ledger, applier } = this.options;
    if (!parsed.ok) {
      if (await ledger.deadLettered(origin)) return this.outcome('duplicate', 'invalid');
      await this.options.deadLetter(origin, `invalid fact: ${parsed.errors.join('; ')}`);
      await ledger.markDeadLettered(origin);
      return this.outcome('dead-lettered', 'invalid');
    }
    const fact = parsed.fact;
    const standing = await this.standingOf(fact, read, chunk);
    if (standing === 'known') return this.outcome('duplicate', fact.type);
    // Behind a parked fact of the same client, so the client's facts keep their order.
    if (standing === 'behind-parked') return this.park(fact, origin, chunk);
    const result = await applier.apply(fact);
    switch (result.kind) {
      case 'applied':
      case 'duplicate':
        return this.outcome(result.kind, fact.type, pending(ledger.settle(fact.source, fact.id, result.kind)));
      case 'unknown-client':
        return this.park(fact, origin, chunk);
      case 'refused':
        await this.options.deadLetter(origin, result.reason);
        // Waited for here, rare as it is: the shorter the time between a letter and its record,
        // the rarer a second letter for the same record after a crash.
        await ledger.settle(fact.source, fact.id, 'dead-lettered');
        return this.outcome('dead-lettered', fact.type);
    }
  }

  private async park(fact: InboundFact, origin: IncomingMessage, chunk: ChunkState): Promise<Recorded> {
    chunk.parked.add(fact.subject);
    await this.options.ledger.park({
      clientId: fact.subject,
      source: fact.source,
      factId: fact.id,
      origin,
      parkedAt: this.clock().toISOString(),
    });
    return this.outcome('parked', fact.type);
  }

  private async drainParked(clientId: string): Promise<void> {
    const { ledger, applier, parkMs } = this.options;
    for (const parked of await ledger.parkedOf(clientId)) {
      const parsed = parseInboundFact(parked.origin.key, parked.origin.value);
      // It was valid when parked; a contract narrowed since then is the only way here.
      if (!parsed.ok) {
        await this.expire(parked, `invalid fact: ${parsed.errors.join('; ')}`, 'invalid');
        continue;
      }
      const result = await applier.apply(parsed.fact);
      if (result.kind === 'unknown-client') {
        const waited = this.clock().getTime() - Date.parse(parked.parkedAt);
        if (waited < parkMs) return;
        await this.expire(parked, `client unknown after ${parkMs} ms parked`, parsed.fact.type);
        continue;
      }
      if (result.kind === 'refused') {
        await this.expire(parked, result.reason, parsed.fact.type);
        continue;
      }
      await ledger.unpark(parked, result.kind);
      this.outcome(result.kind, parsed.fact.type);
    }
  }

  private async expire(parked: ParkedFact, reason: string, type: string): Promise<void> {
    await this.options.deadLetter(parked.origin, reason);
    await this.options.ledger.unpark(parked, 'dead-lettered');
    this.outcome('dead-lettered', type);
  }

  /** Counts the outcome and hands back what the caller returns with it. */
  private outcome(outcome: FactOutcome, type: string, recorded: Recorded = DONE): Recorded {
    this.options.onOutcome?.(outcome, type);
    return recorded;
  }
}
