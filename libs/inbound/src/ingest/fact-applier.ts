import {
  clientDecider,
  clientStreamId,
  DEFAULT_RECOVERY_DAYS,
  DomainError,
  type BankCalendar,
  type ClientState,
} from '@crm/domain';
import type { InboundFact } from '@crm/contracts';
import {
  derivedEventId,
  DuplicateEventIdError,
  handleCommand,
  loadStream,
  StreamStateCache,
  type CommandContext,
  type EventStore,
} from '@crm/event-store';
import { catalogueEntryOf } from '../catalogue/fact-catalogue';
import type { FactLookups } from '../catalogue/fact-mapping';

/** Who the events of inbound facts name as their actor; the fact's source and id are its causation. */
export const INGEST_ACTOR = { userId: 'ingest', role: 'service' } as const;

export type ApplyOutcome =
  | Readonly<{ kind: 'applied' }>
  | Readonly<{ kind: 'duplicate' }>
  | Readonly<{ kind: 'unknown-client' }>
  | Readonly<{ kind: 'refused'; reason: string }>;

/** The seed of a fact's event ids: its identity in CloudEvents terms, (source, id). */
export const factSeedOf = (fact: Pick<InboundFact, 'source' | 'id'>): string => `${fact.source}\n${fact.id}`;

/**
 * Runs a valid fact as the command its HTTP route runs, through the same load → decide → append.
 * The events' ids derive from the fact, so a fact applied before (even one whose ledger entry a
 * crash lost) is refused by the store in the append's own transaction and reported as a duplicate.
 * A refusal names the domain's error code and field, never a value. Anything else (the store
 * down, a clash past the retries) is thrown, for the fact to be tried again.
 */
export class FactApplier {
  private readonly cache = new StreamStateCache<ClientState>();
  private readonly lookups: FactLookups;

  constructor(
    private readonly store: EventStore,
    private readonly calendar: BankCalendar,
    private readonly clock: () => Date = () => new Date(),
    recoveryDays: number = DEFAULT_RECOVERY_DAYS,
  ) {
    this.lookups = {
      currentManagerOf: async (clientId) => {
        const { state } = await loadStream(this.store, clientStreamId(clientId), clientDecider, { cache: this.cache });
        return state.status === 'none' ? null : (state.manager?.managerId ?? null);
      },
      recoveryDays,
    };
  }

  async apply(fact: InboundFact): Promise<ApplyOutcome> {
    const entry = catalogueEntryOf(fact.type);
    if (entry === undefined) return { kind: 'refused', reason: 'no mapping for this fact type' };
    const { type, data } = await entry.toCommand(fact, this.lookups);
    const command = {
      type,
      data,
      metadata: { now: this.clock().toISOString(), actor: INGEST_ACTOR, calendar: this.calendar },
    } as Parameters<typeof clientDecider.decide>[0];
    const context: CommandContext = {
      correlationId: fact.id,
      causationId: fact.id,
      actor: INGEST_ACTOR,
      ...(fact.time === undefined ? {} : { occurredAt: fact.time }),
      eventIdSeed: factSeedOf(fact),
    };
    try {
      await handleCommand(this.store, clientStreamId(fact.subject), clientDecider, command, context, {
        cache: this.cache,
      });
      return { kind: 'applied' };
    } catch (error) {
      if (error instanceof DuplicateEventIdError) return { kind: 'duplicate' };
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'CLIENT.NOT_FOUND') return { kind: 'unknown-client' };
      // Decided again after its own events were appended (a crash before the ledger noted it), a
      // fact can be refused by what it did itself (a cure of the arrear it cured): its first
      // event's id says so.
      if (await this.appendedBefore(fact)) return { kind: 'duplicate' };
      return {
        kind: 'refused',
        reason: `refused by the client's rules: ${error.code}${error.field === undefined ? '' : ` (${error.field})`}`,
      };
    }
  }

  /** Read only when the rules refuse a fact, which is rare: the whole stream, for its first event's derived id. */
  private async appendedBefore(fact: InboundFact): Promise<boolean> {
    const first = derivedEventId(factSeedOf(fact), 0);
    return (await this.store.readStream(clientStreamId(fact.subject))).some((event) => event.eventId === first);
  }
}
