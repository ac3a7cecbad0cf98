import { conflict, invalid, notFound } from '../common/domain-error';
import {
  COMPLAINT_CHANNELS,
  COMPLAINT_DEADLINES,
  COMPLAINT_OUTCOMES,
  COMPLAINT_SEVERITIES,
  type ComplaintDeadline,
} from '../common/scales';
import type { AcknowledgeComplaint, EscalateComplaint, ReceiveComplaint, ResolveComplaint } from './client.commands';
import type {
  ClientEvent,
  ComplaintAcknowledged,
  ComplaintEscalated,
  ComplaintReceived,
  ComplaintResolved,
} from './client.events';
import type { ComplaintState, ExistingClientState } from './client.state';
import { complaintDeadlines } from './complaint-policy';
import { refuseIfErased } from './client-erasure.decider';
import { updateEntry, withEntry } from './state-collections';
import { requireCurrency, requireDecimal, requireIsoTime, requireOn, requireText } from './validation';

/**
 * Complaints and their deadlines (issue 18): received with a severity, channel and the time they
 * reached the bank, from which the acknowledgement and the resolution fall due; acknowledged by
 * an owner; escalated once per deadline by the sweep when it passes; resolved with an outcome and
 * any redress paid.
 */
type ComplaintCommand = ReceiveComplaint | AcknowledgeComplaint | EscalateComplaint | ResolveComplaint;
type ComplaintEvent = ComplaintReceived | ComplaintAcknowledged | ComplaintEscalated | ComplaintResolved;

const complaintOf = (state: ExistingClientState, complaintId: string): ComplaintState => {
  const complaint = state.complaints.get(complaintId);
  if (complaint === undefined) throw notFound('COMPLAINT.NOT_FOUND', `complaint ${complaintId} does not exist`);
  return complaint;
};

const refuseResolved = (complaint: ComplaintState, complaintId: string): void => {
  if (complaint.status === 'resolved') {
    throw conflict('COMPLAINT.ALREADY_RESOLVED', `complaint ${complaintId} is already resolved`);
  }
};

const receiveComplaint = ({ data, metadata }: ReceiveComplaint, state: ExistingClientState): ClientEvent[] => {
  const complaintId = requireText(data.complaintId, 'complaintId');
  const category = requireText(data.category, 'category');
  const text = requireText(data.text, 'text');
  const severity = data.severity === undefined ? 'medium' : requireOn(COMPLAINT_SEVERITIES, data.severity, 'severity');
  const channel = data.channel === undefined ? undefined : requireOn(COMPLAINT_CHANNELS, data.channel, 'channel');
  const ownerId = data.ownerId === undefined ? undefined : requireText(data.ownerId, 'ownerId');
  const receivedAt = data.receivedAt ?? metadata.now;
  if (requireIsoTime(receivedAt, 'receivedAt') > Date.parse(metadata.now)) {
    throw invalid('CLIENT.INVALID_VALUE', 'receivedAt must not be in the future', 'receivedAt');
  }
  refuseIfErased(state, 'receiving a complaint');
  if (state.complaints.has(complaintId)) {
    throw conflict('COMPLAINT.ALREADY_RECEIVED', `complaint ${complaintId} is already received`);
  }
  const { acknowledgeBy, dueBy } = complaintDeadlines(receivedAt, data.policy, metadata.calendar);
  return [
    {
      type: 'ComplaintReceived',
      data: {
        complaintId,
        category,
        text,
        severity,
        ...(channel === undefined ? {} : { channel }),
        receivedAt,
        acknowledgeBy,
        dueBy,
        ...(ownerId === undefined ? {} : { ownerId }),
      },
    },
  ];
};

const acknowledgeComplaint = ({ data, metadata }: AcknowledgeComplaint, state: ExistingClientState): ClientEvent[] => {
  const complaintId = requireText(data.complaintId, 'complaintId');
  const ownerId = data.ownerId === undefined ? metadata.actor.userId : requireText(data.ownerId, 'ownerId');
  const complaint = complaintOf(state, complaintId);
  refuseResolved(complaint, complaintId);
  if (complaint.acknowledged === true) {
    throw conflict('COMPLAINT.ALREADY_ACKNOWLEDGED', `complaint ${complaintId} is already acknowledged`);
  }
  return [{ type: 'ComplaintAcknowledged', data: { complaintId, acknowledgedAt: metadata.now, ownerId } }];
};

/** The deadline's due time while it still runs (not met, not escalated); null when there is nothing to escalate. */
const runningDeadline = (complaint: ComplaintState, deadline: ComplaintDeadline): string | null => {
  if (complaint.status === 'resolved' || complaint.escalated?.includes(deadline) === true) return null;
  if (deadline === 'acknowledgement') return complaint.acknowledged === true ? null : (complaint.acknowledgeBy ?? null);
  return complaint.dueBy ?? null;
};

/**
 * Idempotent, as the sweep that sends it runs again and may run on two monitors at once: a
 * deadline met, already escalated or not yet passed records nothing, nor does a complaint the
 * client does not have (an index entry the sweep holds for a lost append).
 */
const escalateComplaint = ({ data, metadata }: EscalateComplaint, state: ExistingClientState): ClientEvent[] => {
  const complaintId = requireText(data.complaintId, 'complaintId');
  const deadline = requireOn(COMPLAINT_DEADLINES, data.deadline, 'deadline');
  const complaint = state.complaints.get(complaintId);
  const dueBy = complaint === undefined ? null : runningDeadline(complaint, deadline);
  // A deadline passes once its instant is behind: at the due time itself it is still met.
  if (dueBy === null || Date.parse(metadata.now) <= Date.parse(dueBy)) return [];
  return [{ type: 'ComplaintEscalated', data: { complaintId, deadline, dueBy, escalatedAt: metadata.now } }];
};

const resolveComplaint = ({ data, metadata }: ResolveComplaint, state: ExistingClientState): ClientEvent[] => {
  const complaintId = requireText(data.complaintId, 'complaintId');
  const resolution = requireText(data.resolution, 'resolution');
  const outcome = data.outcome === undefined ? undefined : requireOn(COMPLAINT_OUTCOMES, data.outcome, 'outcome');
  const redressAmount =
    data.redressAmount === undefined ? undefined : requireDecimal(data.redressAmount, 'redressAmount');
  if (redressAmount !== undefined && data.currency === undefined) {
    throw invalid('CLIENT.INVALID_VALUE', 'a redress amount needs its currency', 'currency');
  }
  const currency = data.currency === undefined ? undefined : requireCurrency(data.currency);
  refuseResolved(complaintOf(state, complaintId), complaintId);
  return [
    {
      type: 'ComplaintResolved',
      data: {
        complaintId,
        resolution,
        resolvedAt: metadata.now,
        ...(outcome === undefined ? {} : { outcome }),
        ...(redressAmount === undefined ? {} : { redressAmount }),
        ...(currency === undefined ? {} : { currency }),
      },
    },
  ];
};

/** The complaints' commands, routed here as one group so the client decider stays one screen. */
export const decideComplaints = (command: ComplaintCommand, state: ExistingClientState): ClientEvent[] => {
  switch (command.type) {
    case 'ReceiveComplaint':
      return receiveComplaint(command, state);
    case 'AcknowledgeComplaint':
      return acknowledgeComplaint(command, state);
    case 'EscalateComplaint':
      return escalateComplaint(command, state);
    case 'ResolveComplaint':
      return resolveComplaint(command, state);
  }
};

const changeComplaint = (
  state: ExistingClientState,
  complaintId: string,
  change: (complaint: ComplaintState) => ComplaintState,
): ExistingClientState => ({ ...state, complaints: updateEntry(state.complaints, complaintId, change) });

export const evolveComplaints = (state: ExistingClientState, event: ComplaintEvent): ExistingClientState => {
  switch (event.type) {
    case 'ComplaintReceived': {
      const { acknowledgeBy, dueBy } = event.data;
      const complaint: ComplaintState = {
        status: 'open',
        ...(acknowledgeBy === undefined ? {} : { acknowledgeBy }),
        ...(dueBy === undefined ? {} : { dueBy }),
      };
      return { ...state, complaints: withEntry(state.complaints, event.data.complaintId, complaint) };
    }
    case 'ComplaintAcknowledged':
      return changeComplaint(state, event.data.complaintId, (complaint) => ({ ...complaint, acknowledged: true }));
    case 'ComplaintEscalated':
      return changeComplaint(state, event.data.complaintId, (complaint) => ({
        ...complaint,
        escalated: [...(complaint.escalated ?? []), event.data.deadline],
      }));
    case 'ComplaintResolved':
      return changeComplaint(state, event.data.complaintId, (complaint) => ({ ...complaint, status: 'resolved' }));
  }
};
