/**
 * Where a piece of client feedback stands in its department's queue (docs/decisions.md §62):
 * received when forwarded, then under review, accepted, and finally implemented or declined.
 */
export const FEEDBACK_STATUSES = ['received', 'under_review', 'accepted', 'implemented', 'declined'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

/** What the feedback is about, for the counts per product. */
export const FEEDBACK_THEMES = ['pricing', 'features', 'service_quality', 'process', 'digital', 'other'] as const;
export type FeedbackTheme = (typeof FEEDBACK_THEMES)[number];

/**
 * The moves a department may make, one step at a time. A received piece may be declined at once
 * (misrouted, or plainly out of the department's remit: a review step would only add an empty
 * event); nothing is implemented without having been accepted, and a closed one stays closed.
 */
export const FEEDBACK_TRANSITIONS: Readonly<Record<FeedbackStatus, readonly FeedbackStatus[]>> = {
  received: ['under_review', 'declined'],
  under_review: ['accepted', 'declined'],
  accepted: ['implemented', 'declined'],
  implemented: [],
  declined: [],
};

/** The statuses that end the feedback's life in the queue. */
export const isFeedbackClosed = (status: FeedbackStatus): boolean => FEEDBACK_TRANSITIONS[status].length === 0;

/** The department's final word on it, accepted or declined; `implemented` follows an acceptance. */
export const isFeedbackDecision = (status: FeedbackStatus): boolean => status === 'accepted' || status === 'declined';

/** A forwarded feedback as deciding needs it: whose queue it is in and where it stands. */
export type FeedbackState = Readonly<{ department: string; status: FeedbackStatus }>;
