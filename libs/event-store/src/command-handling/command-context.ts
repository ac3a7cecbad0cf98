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
};

const traceMetadata = (trace: TraceContext | undefined): Pick<EventMetadata, 'traceparent' | 'tracestate'> => {
  if (trace === undefined) return {};
  const traceparent = formatTraceparent(trace);
  return trace.tracestate === undefined ? { traceparent } : { traceparent, tracestate: trace.tracestate };
};

/**
 * A decided event as the store records it: a fresh id, its type's current schema version, the
 * command's context, and where the subject stood after it (`subject`, when its decider says).
 */
export const toNewEvent = (
  event: Event,
  command: Command,
  context: CommandContext,
  subject?: EventMetadata['context'],
): NewEvent => ({
  eventId: uuidv7(),
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
