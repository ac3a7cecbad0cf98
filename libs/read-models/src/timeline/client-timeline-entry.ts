export type TimelineDetailValue = string | number | boolean | null | readonly string[];

/**
 * One row of a client's timeline (`GET /v1/clients/:id/timeline`). `details` holds ids, enums,
 * dates and amounts only: free text (summaries, notes, reasons, comments) is personal or may be,
 * and stays in the store where crypto-shredding can reach it.
 */
export type ClientTimelineEntry = Readonly<{
  clientId: string;
  revision: number;
  /** Global position as a decimal string. */
  position: string;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: Readonly<{ userId: string; role: string }>;
  details: Readonly<Record<string, TimelineDetailValue>>;
}>;

export type TimelinePage = Readonly<{
  entries: readonly ClientTimelineEntry[];
  /** Pass as `before` to get the next (older) page; null on the last page. */
  nextCursor: string | null;
}>;
