import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { EventStore, ReadStreamOptions } from '@crm/event-store';
import type { AlertQueries, ClientListQueries, ReadModelStore } from '@crm/read-models';
import { ACCESS_RULE, type AccessDeclaration, type ClientLocation, type Permission, type Principal } from '@crm/policy';
import { RecordedLog } from '@crm/testing';
import { ApiError } from '@crm/platform';
import { ClientAccessGuard } from './client-access.guard';

const CLIENT = '0190a4c2-00d0-7000-8000-000000000011';
/** An absence that has not ended whenever the suite runs, and one that ended long ago. */
const FAR_FUTURE = '2999-01-01T00:00:00.000Z';
const LONG_AGO = '2001-01-01T00:00:00.000Z';

/**
 * The client of M-1 (primary), with M-2 as its backup and M-3 as an FX specialist; M-4 is on no
 * team. The read model has projected the client; the managers only exist in the log.
 */
const setUp = () => {
  const log = new RecordedLog();
  const stream = `client-${CLIENT}`;
  log.append(stream, {
    type: 'ProspectRegistered',
    data: {
      clientId: CLIENT,
      branchId: 'BR-1',
      segment: 'sme',
      industry: 'retail',
      legalName: 'x',
      registrationNo: 'x',
      contact: { phone: '1' },
      source: 's',
    },
  });
  log.append(stream, { type: 'ManagerAssigned', data: { managerId: 'M-1', managerLevel: 'senior', reason: 'r' } });
  log.append(stream, { type: 'BackupManagerAssigned', data: { managerId: 'M-2', reason: 'A/B' } });
  log.append(stream, { type: 'SpecialistJoinedTeam', data: { managerId: 'M-3', role: 'fx' } });
  for (const managerId of ['M-1', 'M-2', 'M-3', 'M-4']) {
    log.append(`manager-${managerId}`, {
      type: 'ManagerRegistered',
      data: { managerId, name: 'n', branchId: 'BR-1', level: 'senior' },
    });
  }
  const streamReads: string[] = [];
  const lists = {
    clientLocation: async (id: string): Promise<ClientLocation | null> =>
      id === CLIENT ? { branchId: 'BR-1', managerId: 'M-1' } : null,
  } as unknown as ClientListQueries;
  const store = {
    readStream: async (streamId: string, options: ReadStreamOptions = {}) => {
      streamReads.push(streamId);
      return log
        .streamEvents(streamId)
        .filter((event) => event.revision >= (options.fromRevision ?? 0))
        .slice(0, options.maxCount ?? undefined);
    },
  } as unknown as EventStore;
  const readModels = { managers: { getManager: async () => null } } as unknown as ReadModelStore;
  const guard = new ClientAccessGuard(new Reflector(), lists, {} as AlertQueries, readModels, store);

  const check = async (principal: Principal, permission: Permission, id = CLIENT) => {
    const handler = () => undefined;
    Reflect.defineMetadata(ACCESS_RULE, { permission, param: 'id' } satisfies AccessDeclaration, handler);
    const context = {
      getHandler: () => handler,
      getClass: () => class {},
      switchToHttp: () => ({ getRequest: () => ({ principal, params: { id } }) }),
    } as unknown as ExecutionContext;
    try {
      return await guard.canActivate(context);
    } catch (error) {
      if (error instanceof ApiError) return `${error.status} ${error.code}`;
      throw error;
    }
  };
  const absent = (managerId: string, until: string) =>
    log.append(`manager-${managerId}`, {
      type: 'ManagerAbsenceMarked',
      data: { from: LONG_AGO, until, reason: 'leave' },
    });
  return { check, log, absent, streamReads };
};

const rm = (managerId: string): Principal => ({ userId: `u-${managerId}`, role: 'relationship_manager', managerId });

describe('ClientAccessGuard: the client team', () => {
  it('lets the backup and a specialist read the client, its risk cases and credit proposals; nobody else', async () => {
    const { check } = setUp();
    for (const managerId of ['M-2', 'M-3']) {
      expect(await check(rm(managerId), 'client.read')).toBe(true);
      expect(await check(rm(managerId), 'risk-case.read', `${CLIENT}.1`)).toBe(true);
      expect(await check(rm(managerId), 'credit-proposal.read', `${CLIENT}.1`)).toBe(true);
    }
    expect(await check(rm('M-4'), 'client.read')).toBe('404 CLIENT.NOT_FOUND');
    expect(await check(rm('M-4'), 'risk-case.read', `${CLIENT}.1`)).toBe('404 RISK_CASE.NOT_FOUND');
  });

  it("lets the backup write only while the covering manager's absence runs, and a specialist never", async () => {
    const { check, absent, log } = setUp();
    expect(await check(rm('M-2'), 'client.write')).toBe('404 CLIENT.NOT_FOUND');
    expect(await check(rm('M-2'), 'risk-case.comment', `${CLIENT}.1`)).toBe('404 RISK_CASE.NOT_FOUND');

    absent('M-1', FAR_FUTURE);
    expect(await check(rm('M-2'), 'client.write')).toBe(true);
    expect(await check(rm('M-2'), 'client.credit.write')).toBe(true);
    expect(await check(rm('M-2'), 'risk-case.comment', `${CLIENT}.1`)).toBe(true);
    expect(await check(rm('M-3'), 'client.write')).toBe('404 CLIENT.NOT_FOUND');
    expect(await check(rm('M-4'), 'client.write')).toBe('404 CLIENT.NOT_FOUND');
    // The role still decides first: client.assign is not a relationship manager's.
    expect(await check(rm('M-2'), 'client.assign')).toBe('403 AUTH.FORBIDDEN');

    log.append('manager-M-1', { type: 'ManagerReturned', data: {} });
    expect(await check(rm('M-2'), 'client.write')).toBe('404 CLIENT.NOT_FOUND');
    absent('M-1', LONG_AGO);
    expect(await check(rm('M-2'), 'client.write')).toBe('404 CLIENT.NOT_FOUND');
  });

  it('refuses a departed backup the write, and forgets a backup removed and a specialist who left', async () => {
    const { check, absent, log } = setUp();
    absent('M-1', FAR_FUTURE);
    log.append('manager-M-2', { type: 'ManagerDeparted', data: { departedAt: LONG_AGO, reason: 'left' } });
    expect(await check(rm('M-2'), 'client.write')).toBe('404 CLIENT.NOT_FOUND');
    expect(await check(rm('M-2'), 'client.read')).toBe(true);

    log.append(`client-${CLIENT}`, { type: 'BackupManagerRemoved', data: { managerId: 'M-2' } });
    expect(await check(rm('M-2'), 'client.read')).toBe('404 CLIENT.NOT_FOUND');
    log.append(`client-${CLIENT}`, { type: 'SpecialistLeftTeam', data: { managerId: 'M-3' } });
    expect(await check(rm('M-3'), 'client.read')).toBe('404 CLIENT.NOT_FOUND');
  });

  it("reads nothing of the team on the covering manager's own checks", async () => {
    const { check, streamReads } = setUp();
    expect(await check(rm('M-1'), 'client.read')).toBe(true);
    expect(streamReads).toEqual([]);
    expect(await check(rm('M-1'), 'client.write')).toBe(true);
    expect(streamReads).toEqual([`client-${CLIENT}`]);
  });
});
