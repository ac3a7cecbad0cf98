import type { IncomingMessage } from '@crm/messaging';

/** A fact held back because its client does not exist (yet), in arrival order per client. */
export type ParkedFact = Readonly<{
  seq: number;
  clientId: string;
  source: string;
  factId: string;
  /** The Kafka record as it arrived, so it is applied, or dead-lettered byte for byte, later. */
  origin: IncomingMessage;
  parkedAt: string;
}>;

/**
 * Where a fact arriving stands: settled or parked already (`known`), behind parked facts of its
 * client (it must wait behind them), or `new`.
 */
export type FactStanding = 'known' | 'behind-parked' | 'new';

/** A fact as the ledger knows it: by its source and id, about its client. */
export type FactRef = Readonly<{ source: string; factId: string; clientId: string }>;

/** What became of a fact once it leaves the ingest for good. */
export type SettledOutcome = 'applied' | 'duplicate' | 'dead-lettered';

/**
 * What the ingest remembers between deliveries: the facts it has settled, by (source, id), and the
 * facts it holds for clients not known yet. Kept durable beside the store, so a fact redelivered
 * after a crash (Kafka offsets move after the work) is recognised. The append itself is guarded by
 * event ids derived from the fact (see CommandContext.eventIdSeed), which covers the moment between
 * an append and the ledger's record of it.
 */
export interface FactLedger {
  /** Where one fact stands now. */
  standing(source: string, factId: string, clientId: string): Promise<FactStanding>;
  /**
   * Where each of a chunk's facts stands, in their order: one read for the chunk (a Kafka batch's
   * worth) instead of one per fact, which was half the ingest's time on PostgreSQL.
   */
  standings(facts: readonly FactRef[]): Promise<FactStanding[]>;
  settle(source: string, factId: string, outcome: SettledOutcome): Promise<void>;
  /** Whether a Kafka record was already dead-lettered (records without a usable id are known by their offset). */
  deadLettered(origin: IncomingMessage): Promise<boolean>;
  markDeadLettered(origin: IncomingMessage): Promise<void>;
  park(fact: Omit<ParkedFact, 'seq'>): Promise<void>;
  parkedClients(): Promise<string[]>;
  parkedOf(clientId: string): Promise<ParkedFact[]>;
  /** Removes a parked fact and settles it, in one transaction. */
  unpark(fact: ParkedFact, outcome: SettledOutcome): Promise<void>;
  parkedCount(): Promise<number>;
  close(): Promise<void>;
}
