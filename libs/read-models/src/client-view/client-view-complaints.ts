import type { ClientView, ComplaintView } from './client-view';
import { UNCHANGED, type ChangeHandlersFor, type ViewChanges } from './client-view-changes';

/**
 * An instant as toISOString writes it, so the complaints rows compare and sort as text on both
 * engines (the API normalises what it records; events written otherwise are read the same way).
 */
const instant = (value: string): string => {
  const millis = Date.parse(value);
  return Number.isNaN(millis) ? value : new Date(millis).toISOString();
};

const optionalInstant = (value: string | undefined): string | null => (value === undefined ? null : instant(value));

/** The complaint `complaintId` changed by `change`; the view unchanged when it does not track it. */
const withComplaint = (
  view: ClientView,
  complaintId: string,
  change: (complaint: ComplaintView) => ComplaintView,
): ViewChanges => {
  const tracked = view.complaintsTracked ?? [];
  if (!tracked.some((c) => c.complaintId === complaintId)) return UNCHANGED;
  return { complaintsTracked: tracked.map((c) => (c.complaintId === complaintId ? change(c) : c)) };
};

/**
 * The view's complaints: how many are open (`complaints`, as before) and every complaint with its
 * deadlines and outcome (`complaintsTracked`, for the complaints read model). A complaint received
 * before this build projected the stream (a view stored earlier, not rebuilt) is only counted: its
 * later events change nothing tracked.
 */
export const COMPLAINT_CHANGES: ChangeHandlersFor<
  'ComplaintReceived' | 'ComplaintAcknowledged' | 'ComplaintEscalated' | 'ComplaintResolved'
> = {
  ComplaintReceived: (event, view, recorded) => {
    const { complaintId, category, severity, channel, receivedAt, acknowledgeBy, dueBy } = event.data;
    const openIds = [...view.complaints.openIds.filter((id) => id !== complaintId), complaintId];
    const tracked = view.complaintsTracked ?? [];
    if (tracked.some((c) => c.complaintId === complaintId)) return { complaints: { open: openIds.length, openIds } };
    const received: ComplaintView = {
      complaintId,
      category,
      severity: severity ?? null,
      channel: channel ?? null,
      status: 'open',
      // Complaints recorded before `receivedAt` existed reached the bank when they were recorded.
      receivedAt: instant(receivedAt ?? recorded.metadata.occurredAt),
      acknowledgeBy: optionalInstant(acknowledgeBy),
      dueBy: optionalInstant(dueBy),
      acknowledgedAt: null,
      escalated: [],
      resolvedAt: null,
      outcome: null,
      redressAmount: null,
      currency: null,
    };
    return { complaints: { open: openIds.length, openIds }, complaintsTracked: [...tracked, received] };
  },
  ComplaintAcknowledged: (event, view) =>
    withComplaint(view, event.data.complaintId, (c) =>
      c.status === 'resolved'
        ? c
        : { ...c, status: 'acknowledged', acknowledgedAt: instant(event.data.acknowledgedAt) },
    ),
  ComplaintEscalated: (event, view) =>
    withComplaint(view, event.data.complaintId, (c) =>
      c.escalated.includes(event.data.deadline) ? c : { ...c, escalated: [...c.escalated, event.data.deadline] },
    ),
  ComplaintResolved: (event, view, recorded) => {
    const { complaintId, resolvedAt, outcome, redressAmount, currency } = event.data;
    const openIds = view.complaints.openIds.filter((id) => id !== complaintId);
    const resolved = withComplaint(view, complaintId, (c) => ({
      ...c,
      status: 'resolved',
      // Resolutions recorded before `resolvedAt` existed were made when they were recorded.
      resolvedAt: instant(resolvedAt ?? recorded.metadata.occurredAt),
      outcome: outcome ?? null,
      redressAmount: redressAmount ?? null,
      currency: currency ?? null,
    }));
    return { complaints: { open: openIds.length, openIds }, ...resolved };
  },
};
