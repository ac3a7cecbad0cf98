import {
  clientDecider,
  clientStreamId,
  COMPLAINT_DEADLINES,
  type ClientCommand,
  type ComplaintDeadline,
  type RiskEvent,
} from '@crm/domain';
import { handleCommand, type EventStore } from '@crm/event-store';
import { RISK_MONITOR_ACTOR } from '../engine/alert-writer';
import type { ComplaintDeadlineEntry, RiskStateStore } from '../state/risk-state-store.port';

const stringAt = (data: Readonly<Record<string, unknown>>, key: string): string | null => {
  const value = data[key];
  return typeof value === 'string' && value.length > 0 && value.length <= 128 ? value : null;
};

/** An instant as the events carry it, normalised so the index compares them as strings. */
const instantAt = (data: Readonly<Record<string, unknown>>, key: string): string | null => {
  const value = stringAt(data, key);
  const millis = value === null ? Number.NaN : Date.parse(value);
  return Number.isNaN(millis) ? null : new Date(millis).toISOString();
};

const withEscalated = (entry: ComplaintDeadlineEntry, deadline: ComplaintDeadline): ComplaintDeadlineEntry =>
  entry.escalated.includes(deadline) ? entry : { ...entry, escalated: [...entry.escalated, deadline] };

/**
 * Watches complaints' deadlines (docs/decisions.md §59). The risk monitor hands it every client
 * event, from which it keeps an index of open complaints with their deadlines; the clock sweep
 * then asks the client's stream to escalate each deadline passed and neither met nor escalated
 * (EscalateComplaint). The stream decides: the decider records nothing for a deadline met,
 * escalated already or not passed, so a sweep that runs again, on a stale index or on two
 * monitors at once, escalates each deadline exactly once.
 */
export class ComplaintDeadlineKeeper {
  constructor(
    private readonly store: EventStore,
    private readonly states: RiskStateStore,
  ) {}

  /** Keeps the index in step with one client event; events about other things change nothing. */
  async follow(clientId: string, event: RiskEvent): Promise<void> {
    const complaintId = stringAt(event.data, 'complaintId');
    if (complaintId === null) return;
    switch (event.type) {
      case 'ComplaintReceived': {
        // Complaints received before deadlines were kept have none to watch.
        const dueBy = instantAt(event.data, 'dueBy');
        if (dueBy === null) return;
        const acknowledgeBy = instantAt(event.data, 'acknowledgeBy');
        const entry = { acknowledgeBy, dueBy, acknowledged: false, escalated: [] };
        return this.states.saveComplaint(clientId, complaintId, entry);
      }
      case 'ComplaintAcknowledged':
        return this.change(clientId, complaintId, (entry) => ({ ...entry, acknowledged: true }));
      case 'ComplaintEscalated': {
        const deadline = stringAt(event.data, 'deadline');
        if (!(COMPLAINT_DEADLINES as readonly (string | null)[]).includes(deadline)) return;
        return this.change(clientId, complaintId, (entry) => withEscalated(entry, deadline as ComplaintDeadline));
      }
      case 'ComplaintResolved':
        return this.states.saveComplaint(clientId, complaintId, null);
      default:
        return;
    }
  }

  /** Escalates every deadline passed by `now`; returns how many ComplaintEscalated were recorded. */
  async sweepOverdue(now: string): Promise<number> {
    let escalated = 0;
    for (const { clientId, complaintId, deadline } of await this.states.complaintsDue(now)) {
      const command: ClientCommand = {
        type: 'EscalateComplaint',
        data: { complaintId, deadline },
        metadata: { now, actor: RISK_MONITOR_ACTOR },
      };
      const causationId = `complaint-sweep:${now}`;
      const result = await handleCommand(this.store, clientStreamId(clientId), clientDecider, command, {
        correlationId: causationId,
        causationId,
        actor: RISK_MONITOR_ACTOR,
      });
      escalated += result.events.length;
      // Whether recorded now or found met or escalated already, this deadline is done: the event
      // on its way back through the monitor would say the same.
      await this.change(clientId, complaintId, (entry) => withEscalated(entry, deadline));
    }
    return escalated;
  }

  private async change(
    clientId: string,
    complaintId: string,
    update: (entry: ComplaintDeadlineEntry) => ComplaintDeadlineEntry,
  ): Promise<void> {
    const entry = await this.states.complaint(clientId, complaintId);
    if (entry !== null) await this.states.saveComplaint(clientId, complaintId, update(entry));
  }
}
