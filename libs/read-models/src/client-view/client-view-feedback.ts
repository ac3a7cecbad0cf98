import { isFeedbackClosed, isFeedbackDecision } from '@crm/domain';
import type { FeedbackView } from './client-view';
import { UNCHANGED, type ChangeHandlersFor } from './client-view-changes';

/**
 * An instant as toISOString writes it, so the feedback rows compare and sort as text on both
 * engines (the API normalises what it records; events written otherwise are read the same way).
 */
const instant = (value: string): string => {
  const millis = Date.parse(value);
  return Number.isNaN(millis) ? value : new Date(millis).toISOString();
};

/**
 * The view's feedback (`feedbackTracked`, for the `feedback` read model and the agenda): where each
 * one stands in its department's queue and when it was answered, decided and closed. A feedback
 * forwarded before this build projected the stream (a view stored earlier, not rebuilt) is not
 * tracked: its later events change nothing.
 */
export const FEEDBACK_CHANGES: ChangeHandlersFor<'FeedbackForwarded' | 'FeedbackStatusChanged'> = {
  FeedbackForwarded: (event, view, recorded) => {
    const tracked = view.feedbackTracked ?? [];
    const { feedbackId, department, productCode, theme } = event.data;
    if (tracked.some((f) => f.feedbackId === feedbackId)) return UNCHANGED;
    const forwarded: FeedbackView = {
      feedbackId,
      department,
      productCode: productCode ?? null,
      theme: theme ?? null,
      status: 'received',
      forwardedAt: instant(recorded.metadata.occurredAt),
      answeredAt: null,
      lastAnsweredAt: null,
      decidedAt: null,
      closedAt: null,
    };
    return { feedbackTracked: [...tracked, forwarded] };
  },
  FeedbackStatusChanged: (event, view) => {
    const tracked = view.feedbackTracked ?? [];
    const { feedbackId, status, changedAt } = event.data;
    if (!tracked.some((f) => f.feedbackId === feedbackId)) return UNCHANGED;
    const at = instant(changedAt);
    return {
      feedbackTracked: tracked.map((f) =>
        f.feedbackId === feedbackId
          ? {
              ...f,
              status,
              answeredAt: f.answeredAt ?? at,
              lastAnsweredAt: at,
              decidedAt: isFeedbackDecision(status) ? at : f.decidedAt,
              closedAt: isFeedbackClosed(status) ? at : f.closedAt,
            }
          : f,
      ),
    };
  },
};
