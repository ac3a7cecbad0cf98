import { newAccessLogId, type AccessLogEntry } from '@crm/api-kit';
import type { Principal } from '@crm/policy';
import type { AlertSink } from './alert-feed';
import type { AlertMessage } from './alert-feed.message';

/** The route pattern a delivered answer is recorded under, as the read audit names routes. */
export const ALERT_FEED_ROUTE = '/v1/alerts/stream';

/** Where the entries go: the API's batching audit writer. */
export type AnswerAuditRecorder = Readonly<{ record(entries: readonly AccessLogEntry[]): void }>;

/**
 * A connection's sink that records, in the read audit, each department's answer it sends: the
 * answer is the client's personal data, and the feed's frames never pass the hook that records
 * the HTTP reads (read-audit.recording.ts). Alert events carry none and are not recorded.
 */
export const answersAudited = (
  sink: AlertSink,
  recorder: AnswerAuditRecorder,
  principal: Principal,
  purpose: string | null,
): AlertSink => ({
  get closed() {
    return sink.closed;
  },
  send(message: AlertMessage): void {
    const open = !sink.closed;
    sink.send(message);
    if (!open || message.kind !== 'feedback') return;
    const at = Date.now();
    recorder.record([
      {
        id: newAccessLogId(at),
        at,
        userId: principal.userId,
        role: principal.role,
        clientId: message.clientId,
        route: ALERT_FEED_ROUTE,
        purpose,
      },
    ]);
  },
  writable: () => sink.writable(),
  end: () => sink.end(),
  onClose: (listener) => sink.onClose(listener),
});
