import type { SourceEvent } from '@crm/contracts';
import type { RecordedEvent } from '@crm/event-store';

/** What the integration contract needs of a recorded event. */
export const sourceEventOf = (event: RecordedEvent): SourceEvent => ({
  eventId: event.eventId,
  streamId: event.streamId,
  type: event.type,
  data: event.data,
  revision: event.revision,
  position: event.position,
  recordedAt: event.recordedAt,
  occurredAt: event.metadata.occurredAt,
  correlationId: event.metadata.correlationId,
  ...(event.metadata.context === undefined ? {} : { context: event.metadata.context }),
});
