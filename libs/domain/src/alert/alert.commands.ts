import type { CalendarCommandMetadata, Command } from '../common/command';
import type { Severity } from '../common/scales';
import type { AlertOutcome } from './alert.events';

/**
 * From the risk monitor: a rule's reading for a client. Raises the alert when its stream is new,
 * escalates an open alert when the reading is worse, and does nothing otherwise; a resolved alert
 * answers ALERT.RESOLVED so the monitor moves on to the next episode.
 */
export type RaiseAlert = Command<
  'RaiseAlert',
  {
    alertId: string;
    clientId: string;
    ruleId: string;
    ruleVersion: number;
    episode: number;
    severity: Severity;
    reason: string;
    evidence: string[];
    /** The rule's stage within the severity (a DPD bucket, a category); a higher one escalates. */
    stage?: number;
  },
  CalendarCommandMetadata
>;

export type AcknowledgeAlert = Command<'AcknowledgeAlert', Record<string, never>>;

export type EscalateAlert = Command<
  'EscalateAlert',
  { to: string; severity?: Severity; reason: string },
  CalendarCommandMetadata
>;

/**
 * `clientManagerId` is the manager covering the client now and `resolverManagerId` the caller's
 * manager id (if the caller is a manager): a false positive on a high or critical alert needs
 * someone other than the client's own manager (four eyes).
 */
export type ResolveAlert = Command<
  'ResolveAlert',
  { outcome: AlertOutcome; note: string; clientManagerId: string | null; resolverManagerId: string | null }
>;

export type ReopenAlert = Command<'ReopenAlert', { reason: string }, CalendarCommandMetadata>;

export type AlertCommand = RaiseAlert | AcknowledgeAlert | EscalateAlert | ResolveAlert | ReopenAlert;
