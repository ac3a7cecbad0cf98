import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { EventStore, ReadStreamOptions } from '@crm/event-store';
import type { AlertQueries, AlertView, ClientListQueries, ReadModelStore } from '@crm/read-models';
import { type ClientLocation, ACCESS_RULE, type AccessDeclaration, type Permission, type Principal } from '@crm/policy';
import { RecordedLog } from '@crm/testing';
import { ApiError } from '@crm/platform';
import { ClientAccessGuard } from './client-access.guard';

const MINE = '0190a4c2-00d0-7000-8000-000000000001';
const COLLEAGUES = '0190a4c2-00d0-7000-8000-000000000002';
const NEW = '0190a4c2-00d0-7000-8000-000000000003';
const UNKNOWN = '0190a4c2-00d0-7000-8000-0000000000ff';

/**
 * The guard against a read model that has projected MINE and COLLEAGUES (as the log first had
 * them) and an event log that has since registered NEW and moved MINE from M-1 to M-2.
 */
const setUp = () => {
  const log = new RecordedLog();
  const register = (id: string, managerId: string | null) => {
    log.append(`client-${id}`, {
      type: 'ProspectRegistered',
      data: {
        clientId: id,
        branchId: 'BR-1',
        segment: 'sme',
        industry: 'retail',
        legalName: 'x',
        registrationNo: 'x',
        contact: { phone: '1' },
        source: 's',
      },
    });
    if (managerId !== null)
      log.append(`client-${id}`, { type: 'ManagerAssigned', data: { managerId, managerLevel: 'senior', reason: 'r' } });
  };
  register(MINE, 'M-1');
  register(COLLEAGUES, 'M-2');
  register(NEW, null);
  log.append(`client-${MINE}`, {
    type: 'ManagerAssigned',
    data: { managerId: 'M-2', managerLevel: 'senior', previousManagerId: 'M-1', reason: 'r' },
  });
  log.append('manager-M-3', {
    type: 'ManagerRegistered',
    data: { managerId: 'M-3', name: 'n', branchId: 'BR-2', level: 'senior' },
  });

  const projected = new Map<string, ClientLocation>([
    [MINE, { branchId: 'BR-1', managerId: 'M-1' }],
    [COLLEAGUES, { branchId: 'BR-1', managerId: 'M-2' }],
  ]);
  const viewReads: string[] = [];
  const lists = {
    clientLocation: async (id: string) => {
      viewReads.push(id);
      return projected.get(id) ?? null;
    },
  } as unknown as ClientListQueries;
  const alerts = {
    getAlert: async (id: string) =>
      id === 'EW-DPD.x.1' ? ({ id, clientId: COLLEAGUES, branchId: 'BR-1', managerId: 'M-2' } as AlertView) : null,
  } as unknown as AlertQueries;
  const readModels = { managers: { getManager: async () => null } } as unknown as ReadModelStore;
  const store = {
    readStream: async (streamId: string, options: ReadStreamOptions = {}) =>
      log
        .streamEvents(streamId)
        .filter((event) => event.revision >= (options.fromRevision ?? 0))
        .slice(0, options.maxCount ?? undefined),
  } as unknown as EventStore;

  const guard = new ClientAccessGuard(new Reflector(), lists, alerts, readModels, store);
  const check = async (
    principal: Principal,
    permission: Permission | null,
    params: Record<string, string>,
    body?: unknown,
    route: Readonly<{ method: string; url: string }> = { method: 'POST', url: '/v1/clients/:id/contacts' },
  ) => {
    const handler = () => undefined;
    if (permission !== null)
      Reflect.defineMetadata(ACCESS_RULE, { permission, param: 'id' } satisfies AccessDeclaration, handler);
    const context = {
      getHandler: () => handler,
      getClass: () => class {},
      switchToHttp: () => ({
        getRequest: () => ({ principal, params, body, method: route.method, routeOptions: { url: route.url } }),
      }),
    } as unknown as ExecutionContext;
    try {
      return await guard.canActivate(context);
    } catch (error) {
      if (error instanceof ApiError) return `${error.status} ${error.code}`;
      throw error;
    }
  };
  return { check, viewReads };
};

const rm = (managerId: string): Principal => ({
  userId: 'u-rm',
  role: 'relationship_manager',
  managerId,
  branchId: 'BR-1',
});
const head: Principal = { userId: 'u-bh', role: 'branch_head', branchId: 'BR-1' };
const otherHead: Principal = { userId: 'u-bh2', role: 'branch_head', branchId: 'BR-2' };

describe('ClientAccessGuard', () => {
  it('denies a route without a declaration, and a role without the permission', async () => {
    const { check } = setUp();
    expect(await check({ userId: 'u', role: 'admin' }, null, {})).toBe('403 AUTH.FORBIDDEN');
    expect(await check({ userId: 'u', role: 'dpo' }, 'client.read', { id: MINE })).toBe('403 AUTH.FORBIDDEN');
    expect(await check({ userId: 'u', role: 'service' }, 'client.read', { id: MINE })).toBe(true);
  });

  it('lets a service write only where a scope of its token opens the route', async () => {
    const { check } = setUp();
    const survey: Principal = { userId: 'survey', role: 'service', scopes: ['crm:satisfaction.record'] };
    const satisfaction = { method: 'POST', url: '/v1/clients/:id/satisfaction' };
    expect(await check(survey, 'client.write', { id: MINE }, {}, satisfaction)).toBe(true);
    expect(
      await check({ ...survey, scopes: ['crm:credit.report'] }, 'client.write', { id: MINE }, {}, satisfaction),
    ).toBe('403 AUTH.SCOPE_MISSING');
    expect(await check(survey, 'client.write', { id: MINE })).toBe('403 AUTH.SCOPE_MISSING');
    expect(await check({ userId: 'u', role: 'service' }, 'client.write', { id: MINE })).toBe('403 AUTH.SCOPE_MISSING');
  });

  it('refuses a scoped role without its claim before looking anything up', async () => {
    const { check, viewReads } = setUp();
    expect(await check({ userId: 'u', role: 'relationship_manager', branchId: 'BR-1' }, 'client.search', {})).toBe(
      '403 AUTH.CLAIM_MISSING',
    );
    expect(await check({ userId: 'u', role: 'branch_head' }, 'client.read', { id: MINE })).toBe(
      '403 AUTH.CLAIM_MISSING',
    );
    expect(viewReads).toEqual([]);
  });

  it('reads from the read model, and answers out of scope and unknown alike', async () => {
    const { check } = setUp();
    expect(await check(rm('M-1'), 'client.read', { id: MINE })).toBe(true);
    expect(await check(rm('M-1'), 'client.read', { id: COLLEAGUES })).toBe('404 CLIENT.NOT_FOUND');
    expect(await check(rm('M-1'), 'client.read', { id: UNKNOWN })).toBe('404 CLIENT.NOT_FOUND');
    expect(await check(head, 'client.read', { id: COLLEAGUES.toUpperCase() })).toBe(true);
    expect(await check(otherHead, 'client.read', { id: MINE })).toBe('404 CLIENT.NOT_FOUND');
    // A malformed id is the pipe's 400, whoever asks.
    expect(await check(rm('M-1'), 'client.read', { id: 'not-a-uuid' })).toBe(true);
  });

  it('falls back to the stream for a client not projected yet, and checks writes against the stream', async () => {
    const { check, viewReads } = setUp();
    expect(await check(head, 'client.read', { id: NEW })).toBe(true);
    expect(await check(head, 'client.write', { id: NEW })).toBe(true);
    expect(await check(otherHead, 'client.write', { id: NEW })).toBe('404 CLIENT.NOT_FOUND');
    viewReads.length = 0;
    // MINE moved to M-2 in the log; the read model still says M-1.
    expect(await check(rm('M-1'), 'client.write', { id: MINE })).toBe('404 CLIENT.NOT_FOUND');
    expect(await check(rm('M-2'), 'client.credit.write', { id: MINE })).toBe(true);
    expect(viewReads).toEqual([]);
  });

  it('scopes alerts, portfolios, dashboards and registrations', async () => {
    const { check } = setUp();
    expect(await check(rm('M-2'), 'alert.read', { id: 'EW-DPD.x.1' })).toBe(true);
    expect(await check(rm('M-1'), 'alert.read', { id: 'EW-DPD.x.1' })).toBe('404 ALERT.NOT_FOUND');
    expect(await check(head, 'alert.read', { id: 'EW-DPD.y.1' })).toBe('404 ALERT.NOT_FOUND');
    expect(await check(rm('M-1'), 'manager.portfolio', { id: 'M-1' })).toBe(true);
    expect(await check(rm('M-1'), 'manager.portfolio', { id: 'M-2' })).toBe('404 MANAGER.NOT_FOUND');
    expect(await check(otherHead, 'manager.portfolio', { id: 'M-3' })).toBe(true);
    expect(await check(head, 'manager.portfolio', { id: 'M-3' })).toBe('404 MANAGER.NOT_FOUND');
    expect(await check(head, 'branch.dashboard', { id: 'BR-1' })).toBe(true);
    expect(await check(head, 'branch.dashboard', { id: 'BR-2' })).toBe('404 BRANCH.NOT_FOUND');
    expect(await check(head, 'client.register', {}, { branchId: 'BR-2' })).toBe('403 AUTH.OUT_OF_SCOPE');
    expect(await check(head, 'client.register', {}, { branchId: 'BR-1' })).toBe(true);
    // Left to validation: no (string) branchId.
    expect(await check(head, 'client.register', {}, { branchId: 7 })).toBe(true);
  });
});
