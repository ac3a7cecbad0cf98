import { invalid, notFound, ruleViolation } from '../common/domain-error';
import { requireActiveManager } from './client-coverage.decider';
import type {
  AddGroupMember,
  FormClientGroup,
  JoinClientGroup,
  LeaveClientGroup,
  RemoveGroupMember,
} from './client.commands';
import type {
  ClientEvent,
  ClientGroupFormed,
  ClientGroupMemberAdded,
  ClientGroupMemberRemoved,
  ClientJoinedGroup,
  ClientLeftGroup,
} from './client.events';
import type { ExistingClientState } from './client.state';
import { requireText } from './validation';

/**
 * Corporate groups (集团客户). A group lives on its parent's stream, and its id is the parent's
 * client id: the parent records the group's name, manager and members (ClientGroupFormed,
 * ClientGroupMember…), and each member records which group it belongs to (ClientJoinedGroup,
 * ClientLeftGroup), which is what keeps a client in one group at a time. Joining writes the
 * member's stream first and the parent's second; leaving the other way round: each step is
 * idempotent, so a request repeated after a failure between the two completes it.
 */

const requireParent = (state: ExistingClientState) => {
  if (state.group?.members == null) throw notFound('GROUP.NOT_FOUND', 'no such client group');
  return state.group.members;
};

const formClientGroup = ({ data }: FormClientGroup, state: ExistingClientState): ClientEvent[] => {
  const name = requireText(data.name, 'name');
  const managerId = requireText(data.managerId, 'managerId');
  requireActiveManager(managerId, data.manager);
  if (state.group !== null) {
    throw ruleViolation('GROUP.ALREADY_IN_GROUP', 'the client is already in a group', 'parentClientId');
  }
  return [{ type: 'ClientGroupFormed', data: { groupId: state.clientId, name, managerId } }];
};

const addGroupMember = ({ data }: AddGroupMember, state: ExistingClientState): ClientEvent[] => {
  const members = requireParent(state);
  const clientId = requireText(data.clientId, 'clientId');
  if (clientId === state.clientId)
    throw invalid('CLIENT.INVALID_VALUE', 'the parent is in its group already', 'clientId');
  return members.has(clientId) ? [] : [{ type: 'ClientGroupMemberAdded', data: { clientId } }];
};

const removeGroupMember = ({ data }: RemoveGroupMember, state: ExistingClientState): ClientEvent[] => {
  const members = requireParent(state);
  const clientId = requireText(data.clientId, 'clientId');
  if (clientId === state.clientId) {
    throw ruleViolation('GROUP.PARENT_CANNOT_LEAVE', 'the parent cannot leave its own group', 'clientId');
  }
  return members.has(clientId) ? [{ type: 'ClientGroupMemberRemoved', data: { clientId } }] : [];
};

const joinClientGroup = ({ data }: JoinClientGroup, state: ExistingClientState): ClientEvent[] => {
  const groupId = requireText(data.groupId, 'groupId');
  if (state.group?.groupId === groupId) return [];
  if (state.group !== null) {
    throw ruleViolation('GROUP.ALREADY_IN_GROUP', 'the client is already in another group', 'clientId');
  }
  return [{ type: 'ClientJoinedGroup', data: { groupId } }];
};

const leaveClientGroup = ({ data }: LeaveClientGroup, state: ExistingClientState): ClientEvent[] => {
  const groupId = requireText(data.groupId, 'groupId');
  // The parent heads the group; RemoveGroupMember refuses its leaving before this is reached.
  return state.group?.groupId === groupId && state.group.members === null
    ? [{ type: 'ClientLeftGroup', data: { groupId } }]
    : [];
};

const applyClientGroupFormed = (state: ExistingClientState, { data }: ClientGroupFormed): ExistingClientState => ({
  ...state,
  group: { groupId: data.groupId, members: new Set() },
});

const applyClientGroupMemberAdded = (
  state: ExistingClientState,
  { data }: ClientGroupMemberAdded,
): ExistingClientState =>
  state.group?.members == null
    ? state
    : { ...state, group: { ...state.group, members: new Set([...state.group.members, data.clientId]) } };

const applyClientGroupMemberRemoved = (
  state: ExistingClientState,
  { data }: ClientGroupMemberRemoved,
): ExistingClientState => {
  if (state.group?.members == null) return state;
  const members = new Set(state.group.members);
  members.delete(data.clientId);
  return { ...state, group: { ...state.group, members } };
};

const applyClientJoinedGroup = (state: ExistingClientState, { data }: ClientJoinedGroup): ExistingClientState => ({
  ...state,
  group: { groupId: data.groupId, members: null },
});

const applyClientLeftGroup = (state: ExistingClientState): ExistingClientState => ({ ...state, group: null });

/** The group commands, routed here as one group so the client decider stays one screen. */
export const decideGroups = (
  command: FormClientGroup | AddGroupMember | RemoveGroupMember | JoinClientGroup | LeaveClientGroup,
  state: ExistingClientState,
): ClientEvent[] => {
  switch (command.type) {
    case 'FormClientGroup':
      return formClientGroup(command, state);
    case 'AddGroupMember':
      return addGroupMember(command, state);
    case 'RemoveGroupMember':
      return removeGroupMember(command, state);
    case 'JoinClientGroup':
      return joinClientGroup(command, state);
    case 'LeaveClientGroup':
      return leaveClientGroup(command, state);
  }
};

/** The group events, folded as one group like their commands. */
export const evolveGroups = (
  state: ExistingClientState,
  event: ClientGroupFormed | ClientGroupMemberAdded | ClientGroupMemberRemoved | ClientJoinedGroup | ClientLeftGroup,
): ExistingClientState => {
  switch (event.type) {
    case 'ClientGroupFormed':
      return applyClientGroupFormed(state, event);
    case 'ClientGroupMemberAdded':
      return applyClientGroupMemberAdded(state, event);
    case 'ClientGroupMemberRemoved':
      return applyClientGroupMemberRemoved(state, event);
    case 'ClientJoinedGroup':
      return applyClientJoinedGroup(state, event);
    case 'ClientLeftGroup':
      return applyClientLeftGroup(state);
  }
};
