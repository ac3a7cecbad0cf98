import { commandFactory, DeciderSpecification, eventFactory } from '@crm/testing';
import type { ManagerSnapshot } from '../manager/manager.state';
import type { ClientCommand } from './client.commands';
import { clientDecider } from './client.decider';
import type { ClientEvent } from './client.events';

const metadata = { now: '2026-03-01T10:00:00.000Z', actor: { userId: 'u-bh', role: 'branch_head' as const } };
const cmd = commandFactory<ClientCommand>(metadata);
const ev = eventFactory<ClientEvent>();
const spec = DeciderSpecification.for(clientDecider);

const manager = (active = true): ManagerSnapshot => ({
  managerId: 'm-1',
  name: 'Wang Fang',
  branchId: 'br-1',
  level: 'senior',
  active,
  absentUntil: null,
});

const registered = (clientId: string) =>
  ev('ProspectRegistered', {
    clientId,
    branchId: 'br-1',
    segment: 'corporate',
    industry: 'manufacturing',
    legalName: `${clientId} Co., Ltd.`,
    registrationNo: `RN-${clientId}`,
    contact: { phone: '+86 21 5555 0101' },
    source: 'branch',
  });

const parent = registered('c-parent');
const formed = ev('ClientGroupFormed', { groupId: 'c-parent', name: 'Acme Group', managerId: 'm-1' });
const member = registered('c-member');

describe('corporate groups', () => {
  describe('on the parent', () => {
    it('forms a group whose id is the parent, with its manager', () => {
      spec
        .given([parent])
        .when(cmd('FormClientGroup', { name: 'Acme Group', managerId: 'm-1', manager: manager() }))
        .then([formed]);
    });

    it('refuses a second group, a departed manager and an unknown one', () => {
      spec
        .given([parent, formed])
        .when(cmd('FormClientGroup', { name: 'Again', managerId: 'm-1', manager: manager() }))
        .thenThrows('GROUP.ALREADY_IN_GROUP', { kind: 'rule_violation', field: 'parentClientId' });
      spec
        .given([parent, ev('ClientJoinedGroup', { groupId: 'c-other' })])
        .when(cmd('FormClientGroup', { name: 'Mine', managerId: 'm-1', manager: manager() }))
        .thenThrows('GROUP.ALREADY_IN_GROUP', { kind: 'rule_violation', field: 'parentClientId' });
      spec
        .given([parent])
        .when(cmd('FormClientGroup', { name: 'Acme Group', managerId: 'm-1', manager: manager(false) }))
        .thenThrows('MANAGER.INACTIVE', { kind: 'rule_violation', field: 'managerId' });
      spec
        .given([parent])
        .when(cmd('FormClientGroup', { name: 'Acme Group', managerId: 'm-9', manager: null }))
        .thenThrows('MANAGER.NOT_FOUND', { kind: 'not_found' });
    });

    it('adds a member once, and removes it once', () => {
      const added = ev('ClientGroupMemberAdded', { clientId: 'c-member' });
      spec
        .given([parent, formed])
        .when(cmd('AddGroupMember', { clientId: 'c-member' }))
        .then([added]);
      spec
        .given([parent, formed, added])
        .when(cmd('AddGroupMember', { clientId: 'c-member' }))
        .then([]);
      spec
        .given([parent, formed, added])
        .when(cmd('RemoveGroupMember', { clientId: 'c-member' }))
        .then([ev('ClientGroupMemberRemoved', { clientId: 'c-member' })]);
      spec
        .given([parent, formed])
        .when(cmd('RemoveGroupMember', { clientId: 'c-member' }))
        .then([]);
    });

    it('keeps the parent in its group, and knows no group on a client that heads none', () => {
      spec
        .given([parent, formed])
        .when(cmd('RemoveGroupMember', { clientId: 'c-parent' }))
        .thenThrows('GROUP.PARENT_CANNOT_LEAVE', { kind: 'rule_violation', field: 'clientId' });
      spec
        .given([parent, formed])
        .when(cmd('AddGroupMember', { clientId: 'c-parent' }))
        .thenThrows('CLIENT.INVALID_VALUE', { kind: 'invalid', field: 'clientId' });
      spec
        .given([member])
        .when(cmd('AddGroupMember', { clientId: 'c-parent' }))
        .thenThrows('GROUP.NOT_FOUND', { kind: 'not_found' });
    });
  });

  describe('on the member', () => {
    const joined = ev('ClientJoinedGroup', { groupId: 'c-parent' });

    it('joins one group, again without a second event, and leaves it', () => {
      spec
        .given([member])
        .when(cmd('JoinClientGroup', { groupId: 'c-parent' }))
        .then([joined]);
      spec
        .given([member, joined])
        .when(cmd('JoinClientGroup', { groupId: 'c-parent' }))
        .then([]);
      spec
        .given([member, joined])
        .when(cmd('LeaveClientGroup', { groupId: 'c-parent' }))
        .then([ev('ClientLeftGroup', { groupId: 'c-parent' })]);
      spec
        .given([member])
        .when(cmd('LeaveClientGroup', { groupId: 'c-parent' }))
        .then([]);
    });

    it('refuses a second group while in one, and may join another after leaving', () => {
      spec
        .given([member, joined])
        .when(cmd('JoinClientGroup', { groupId: 'c-other' }))
        .thenThrows('GROUP.ALREADY_IN_GROUP', { kind: 'rule_violation', field: 'clientId' });
      spec
        .given([member, joined, ev('ClientLeftGroup', { groupId: 'c-parent' })])
        .when(cmd('JoinClientGroup', { groupId: 'c-other' }))
        .then([ev('ClientJoinedGroup', { groupId: 'c-other' })]);
    });

    it("refuses a group's parent joining another group", () => {
      spec
        .given([parent, formed])
        .when(cmd('JoinClientGroup', { groupId: 'c-other' }))
        .thenThrows('GROUP.ALREADY_IN_GROUP', { kind: 'rule_violation', field: 'clientId' });
    });
  });
});
