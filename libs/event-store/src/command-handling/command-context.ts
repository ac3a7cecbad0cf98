import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { currentSchemaVersion, type Command, type Event } from '@crm/domain';
import { formatTraceparent, type TraceContext } from '@crm/platform';
import type { EventMetadata, NewEvent } from '../event-store.port';

export type CommandContext = {
  correlationId: string;
  causationId: string;
  actor: { userId: string; role: string };
  /** When the fact happened in the world; defaults to the command's `now`. */
  occurredAt?: string;
  /** The span that appends the events: stored in their metadata for the next hops to continue. */
  trace?: TraceContext;
  /**
   * Derives the events' ids from this seed (and their order within the command) instead of fresh
   * ones: a command re-run for the same outside fact (a redelivered Kafka message, its id as the
   * seed) then decides events whose ids the store already holds, and the store refuses them
   * (DuplicateEventIdError) in the same transaction that would have appended them.
   */
  eventIdSeed?: string;
};

/** A version-8 (custom) RFC 9562 uuid from the seed and index, so it validates like any other id. */
export const derivedEventId = (seed: string, index: number): string => {
  const hex = createHash('sha256').update(`event\n${seed}\n${index}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

const traceMetadata = (trace: TraceContext | undefined): Pick<EventMetadata, 'traceparent' | 'tracestate'> => {
  if (trace === undefined) return {};
  const traceparent = formatTraceparent(trace);
  return trace.tracestate === undefined ? { traceparent } : { traceparent, tracestate: trace.tracestate };
};

/**
 * A decided event as the store records it: a fresh id (or one derived from the context's seed and
 * the event's `index` among the command's events), its type's current schema version, the
 * command's context, and where the subject stood after it (`subject`, when its decider says).
 */
export const toNewEvent = (
  event: Event,
  command: Command,
  context: CommandContext,
  subject?: EventMetadata['context'],
  index = 0,
): NewEvent => ({
  eventId: context.eventIdSeed === undefined ? uuidv7() : derivedEventId(context.eventIdSeed, index),
  type: event.type,
  data: event.data,
  schemaVersion: currentSchemaVersion(event.type),
  metadata: {
    occurredAt: context.occurredAt ?? command.metadata.now,
    correlationId: context.correlationId,
    causationId: context.causationId,
    actor: { userId: context.actor.userId, role: context.actor.role },
    ...traceMetadata(context.trace),
    ...(subject === undefined ? {} : { context: subject }),
  },
});
