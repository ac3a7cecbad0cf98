import { clientStreamId, FEEDBACK_STATUSES } from '@crm/domain';
import type { RecordedEvent } from '@crm/event-store';
import { traceContextFrom, type TraceContext } from '@crm/platform';

/** The SSE `event:` of a department's answer, apart from the alert events' types. */
export const FEEDBACK_ANSWERED = 'feedback-answered';

/**
 * A department moved a client's feedback on (FeedbackStatusChanged), for the client's manager to
 * pass on: sent to the connections that may read the client (alert-feed.audience.ts).
 */
export type FeedbackAnswerMessage = Readonly<{
  kind: 'feedback';
  position: bigint;
  clientId: string;
  trace: TraceContext | null;
  frame: string;
}>;

const CLIENT_STREAM_PREFIX = clientStreamId('');

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The SSE message of a department's answer, or null for any other event (or one without the fields
 * every such answer carries, skipped rather than guessed at). The answer is the client's personal
 * data, decrypted by the store on reading ("[erased]" once the client is erased).
 */
export const toFeedbackAnswerMessage = (event: RecordedEvent): FeedbackAnswerMessage | null => {
  if (event.type !== 'FeedbackStatusChanged' || !event.streamId.startsWith(CLIENT_STREAM_PREFIX)) return null;
  const data = event.data;
  if (!isRecord(data)) return null;
  const { feedbackId, department, status, answer, changedAt } = data;
  if (![feedbackId, department, answer, changedAt].every((value) => typeof value === 'string')) return null;
  if (!(FEEDBACK_STATUSES as readonly unknown[]).includes(status)) return null;
  const clientId = event.streamId.slice(CLIENT_STREAM_PREFIX.length);
  const trace = traceContextFrom(event.metadata.traceparent, event.metadata.tracestate);
  const payload = {
    clientId,
    type: event.type,
    revision: event.revision,
    position: event.position.toString(),
    recordedAt: event.recordedAt,
    ...(trace === null ? {} : { traceId: trace.traceId }),
    data: { feedbackId, department, status, answer, changedAt },
  };
  // JSON.stringify escapes CR and LF, so the payload is always a single `data:` line.
  return {
    kind: 'feedback',
    position: event.position,
    clientId,
    trace,
    frame: `id: ${event.position}\nevent: ${FEEDBACK_ANSWERED}\ndata: ${JSON.stringify(payload)}\n\n`,
  };
};
