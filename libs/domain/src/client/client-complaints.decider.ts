import { conflict, notFound } from '../common/domain-error';
import type { ReceiveComplaint, ResolveComplaint } from './client.commands';
import type { ClientEvent, ComplaintReceived, ComplaintResolved } from './client.events';
import type { ExistingClientState } from './client.state';
import { refuseIfErased } from './client-erasure.decider';
import { updateEntry, withEntry } from './state-collections';
import { requireText } from './validation';

export const receiveComplaint = ({ data }: ReceiveComplaint, state: ExistingClientState): ClientEvent[] => {
  const complaintId = requireText(data.complaintId, 'complaintId');
  const category = requireText(data.category, 'category');
  const text = requireText(data.text, 'text');
  refuseIfErased(state, 'receiving a complaint');
  if (state.complaints.has(complaintId)) {
    throw conflict('COMPLAINT.ALREADY_RECEIVED', `complaint ${complaintId} is already received`);
  }
  return [{ type: 'ComplaintReceived', data: { complaintId, category, text } }];
};

export const resolveComplaint = ({ data }: ResolveComplaint, state: ExistingClientState): ClientEvent[] => {
  const complaintId = requireText(data.complaintId, 'complaintId');
  const resolution = requireText(data.resolution, 'resolution');
  const complaint = state.complaints.get(complaintId);
  if (complaint === undefined) throw notFound('COMPLAINT.NOT_FOUND', `complaint ${complaintId} does not exist`);
  if (complaint.status === 'resolved') {
    throw conflict('COMPLAINT.ALREADY_RESOLVED', `complaint ${complaintId} is already resolved`);
  }
  return [{ type: 'ComplaintResolved', data: { complaintId, resolution } }];
};

export const applyComplaintReceived = (
  state: ExistingClientState,
  { data }: ComplaintReceived,
): ExistingClientState => ({
  ...state,
  complaints: withEntry(state.complaints, data.complaintId, { status: 'open' }),
});

export const applyComplaintResolved = (
  state: ExistingClientState,
  { data }: ComplaintResolved,
): ExistingClientState => ({
  ...state,
  complaints: updateEntry(state.complaints, data.complaintId, () => ({ status: 'resolved' })),
});

export const evolveComplaints = (
  state: ExistingClientState,
  event: ComplaintReceived | ComplaintResolved,
): ExistingClientState =>
  event.type === 'ComplaintReceived' ? applyComplaintReceived(state, event) : applyComplaintResolved(state, event);
