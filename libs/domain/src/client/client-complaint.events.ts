import type { Event } from '../common/event';
import type { ComplaintChannel, ComplaintDeadline, ComplaintOutcome, ComplaintSeverity } from '../common/scales';

/** A client's complaints and their deadlines (client-complaints.decider.ts), on the client's stream. */

/**
 * `severity` to `dueBy` are absent from complaints received before complaints had deadlines.
 * `receivedAt` is when the complaint reached the bank (a letter logged the next day keeps its day);
 * the deadlines run from it: `acknowledgeBy` business days, `dueBy` calendar days (complaint-policy.ts).
 */
export type ComplaintReceived = Event<
  'ComplaintReceived',
  {
    complaintId: string;
    category: string;
    text: string;
    severity?: ComplaintSeverity;
    channel?: ComplaintChannel;
    receivedAt?: string;
    acknowledgeBy?: string;
    dueBy?: string;
    ownerId?: string;
  }
>;

/** Someone took the complaint on (`ownerId`, a staff id) and told the client so. */
export type ComplaintAcknowledged = Event<
  'ComplaintAcknowledged',
  { complaintId: string; acknowledgedAt: string; ownerId: string }
>;

/** A deadline passed with the complaint not acknowledged, or not resolved: raised once per deadline by the sweep. */
export type ComplaintEscalated = Event<
  'ComplaintEscalated',
  { complaintId: string; deadline: ComplaintDeadline; dueBy: string; escalatedAt: string }
>;

/** `resolvedAt` and after are absent from complaints resolved before they were kept. */
export type ComplaintResolved = Event<
  'ComplaintResolved',
  {
    complaintId: string;
    resolution: string;
    resolvedAt?: string;
    outcome?: ComplaintOutcome;
    redressAmount?: string;
    currency?: string;
  }
>;
