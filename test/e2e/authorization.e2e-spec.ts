import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { INTERCEPTORS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { EVENT_STORE, type EventStore } from '@crm/event-store';
import { ACCESS_RULE, SERVICE_SCOPES, SERVICE_WRITE_ROUTES, type ServiceScope } from '@crm/policy';
import { ALLOWED_ROLES, IdempotencyInterceptor, PUBLIC_ROUTE } from '@crm/api-kit';
import { loadConfig, type AppConfig } from '@crm/platform';
import {
  ApiClient,
  createTestSchema,
  describeWithPostgres,
  POSTGRES_TEST_URL,
  scratchDir,
  type ApiResponse,
} from '@crm/testing';
import { createCrmApi } from '../../apps/crm-api/src/bootstrap';

/**
 * Authorization of every route, end to end over real HTTP on SQLite and PostgreSQL: a table of
 * routes × roles × (a resource in the caller's scope | one outside it) → status, the role ×
 * route table of docs/security.md. Around it: the table must name every route the app registers
 * (so a new route fails here until it is classified), every route must declare its access, lists
 * and searches are filtered in SQL (full pages of the caller's clients only), risk officers get
 * masked answers, and out-of-scope answers are the very 404 an unknown resource gets.
 */
type Write = { id: string; revision: number; position: string } & Record<string, unknown>;
type Failure = { code: string; message: string; errors: { field: string; message: string }[] };
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the shapes are what these tests check
type Body = Record<string, any>;

type Storage = () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>;

/** The callers of the table; the last two lack the claim their role is scoped by. */
const CALLERS = ['rm', 'bh', 'ro', 'dpo', 'service', 'admin', 'rmWithoutManagerId', 'bhWithoutBranchId'] as const;
type Caller = (typeof CALLERS)[number];
type TableCaller = Exclude<Caller, 'rmWithoutManagerId' | 'bhWithoutBranchId'>;

/** Where a client sits. */
type Location = Readonly<{ branchId: string; managerId: string }>;
const A1: Location = { branchId: 'BR-A', managerId: 'M-A1' };
const A2: Location = { branchId: 'BR-A', managerId: 'M-A2' };
const B1: Location = { branchId: 'BR-B', managerId: 'M-B1' };
/** Another active manager of the same branch, for reassignments. */
const ALTERNATE: Record<string, string> = { 'M-A1': 'M-A2', 'M-A2': 'M-A1', 'M-B1': 'M-B2' };

/**
 * "own" is a resource in the caller's scope, "other" one outside it: for the relationship manager
 * (M-A1 of BR-A) a client of a colleague in the same branch; for the branch head of BR-A a client
 * of BR-B; for roles that see every client, a client of BR-B too (which they may see).
 */
const LOCATIONS: Record<TableCaller | 'rmWithoutManagerId' | 'bhWithoutBranchId', { own: Location; other: Location }> =
  {
    rm: { own: A1, other: A2 },
    bh: { own: A2, other: B1 },
    ro: { own: A1, other: B1 },
    dpo: { own: A1, other: B1 },
    service: { own: A1, other: B1 },
    admin: { own: A1, other: B1 },
    rmWithoutManagerId: { own: A1, other: B1 },
    bhWithoutBranchId: { own: A1, other: B1 },
  };

/** What a request acts on. */
type Ref = Readonly<{
  clientId: string;
  alertId: string;
  caseId: string;
  /** A pending credit proposal on the client. */
  proposalId: string;
  managerId: string;
  branchId: string;
  sub: Readonly<Record<string, string>>;
}>;
type Request = Readonly<{ method: string; path: string; body?: unknown }>;

/** An expected status for both targets, or [own, other]; 'allowed' is anything but 401/403 (routes owned elsewhere). */
type Expected = number | 'allowed';
type Cell = Expected | readonly [Expected, Expected];

/** Fresh state for a cell that must succeed (a write changes what it acts on). */
type Fixture =
  | 'shared'
  /** A converted client at the location, with whatever `prepare` adds (by admin). */
  | 'client'
  /** A prospect at the location. */
  | 'prospect'
  /** A new open alert on the location's client; 'resolved-alert' resolved too. */
  | 'alert'
  | 'resolved-alert'
  /** A new client at the location with a pending credit proposal. */
  | 'proposal';

type Row = Readonly<{
  route: string;
  expect: Readonly<Record<TableCaller, Cell>>;
  request: (ref: Ref, location: Location, target: 'own' | 'other') => Request;
  fixture?: Fixture;
  /** Sub-resources the request needs on a fresh client (by admin); their ids go to `ref.sub`. */
  prepare?: (admin: ApiClient, clientId: string) => Promise<Record<string, string>>;
  /** Routes other engineers own: checked when the app registers them. */
  optional?: boolean;
}>;

const WRITE = (success: number): Record<TableCaller, Cell> => ({
  rm: [success, 404],
  bh: [success, 404],
  ro: 403,
  dpo: 403,
  service: 403,
  admin: success,
});
const CREDIT = (success: number): Record<TableCaller, Cell> => ({
  rm: [success, 404],
  bh: [success, 404],
  ro: success,
  dpo: 403,
  service: 403,
  admin: success,
});
/** A credit change a relationship manager may only propose (maker–checker): 202, held for approval. */
const CREDIT_HELD = (success: number): Record<TableCaller, Cell> => ({ ...CREDIT(success), rm: [202, 404] });
/** Deciding a proposal: risk officers and admin, on any client. */
const DECIDE: Record<TableCaller, Cell> = { rm: 403, bh: 403, ro: 200, dpo: 403, service: 403, admin: 200 };
const READ_ONE: Record<TableCaller, Cell> = {
  rm: [200, 404],
  bh: [200, 404],
  ro: 200,
  dpo: 403,
  service: 200,
  admin: 200,
};
const READ_LIST: Record<TableCaller, Cell> = { rm: 200, bh: 200, ro: 200, dpo: 403, service: 200, admin: 200 };
const WORK_ALERT: Record<TableCaller, Cell> = { rm: 403, bh: [200, 404], ro: 200, dpo: 403, service: 403, admin: 200 };
const DPO_ONLY = (expected: Expected): Record<TableCaller, Cell> => ({
  rm: 403,
  bh: 403,
  ro: 403,
  dpo: expected,
  service: 403,
  admin: 403,
});

const created = async (response: Promise<ApiResponse<Write>>, key?: string): Promise<string> => {
  const answer = await response;
  if (answer.status >= 300) throw new Error(`set-up failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return String(key === undefined ? answer.body.id : answer.body[key]);
};

const path = (ref: Ref, tail = '') => `/v1/clients/${ref.clientId}${tail}`;

/** A deposit holding on a fresh client, for the rows that act on one. */
const openDeposit = async (admin: ApiClient, clientId: string): Promise<Record<string, string>> => ({
  holdingId: await created(
    admin.post<Write>(`/v1/clients/${clientId}/products`, {
      productCode: 'DEP-1',
      category: 'deposit',
      amount: '1.00',
    }),
    'holdingId',
  ),
});

/**
 * A corporate group headed by a fresh client and, with `member`, a second client of the same manager
 * (read from the client's own stream, so nothing waits for the projector) to add or remove.
 */
const formGroup =
  (member: 'none' | 'candidate' | 'joined') =>
  async (admin: ApiClient, clientId: string): Promise<Record<string, string>> => {
    const history = await admin.get<{ items: { managerId: string }[] }>(`/v1/clients/${clientId}/coverage-history`);
    const managerId = history.body.items[0]?.managerId ?? 'M-A1';
    const position = await created(
      admin.post<Write>('/v1/client-groups', { name: 'Table Group', parentClientId: clientId, managerId }),
      'position',
    );
    if (member === 'none') return { position };
    const memberId = await created(
      admin.post<Write>('/v1/clients', {
        branchId: managerId.startsWith('M-B') ? 'BR-B' : 'BR-A',
        segment: 'corporate',
        industry: 'manufacturing',
        legalName: 'Table Member Ltd',
        registrationNo: 'RN-TABLE-MEMBER',
        contact: { phone: '+86 21 5555 0100' },
        source: 'referral',
      }),
    );
    await created(admin.put<Write>(`/v1/clients/${memberId}/manager`, { managerId, reason: 'coverage' }));
    if (member === 'joined') {
      await created(admin.post<Write>(`/v1/client-groups/${clientId}/members`, { clientId: memberId }));
    }
    return { member: memberId };
  };

/** THE TABLE: every route of the app, by Fastify's method and pattern. */
const ROWS: readonly Row[] = [
  {
    route: 'POST /v1/clients',
    // "own": a prospect for the caller's branch (BR-A); "other": for BR-B.
    expect: { rm: [201, 403], bh: [201, 403], ro: 403, dpo: 403, service: 403, admin: 201 },
    request: (_ref, _location, target) => ({
      method: 'POST',
      path: '/v1/clients',
      body: {
        branchId: target === 'own' ? 'BR-A' : 'BR-B',
        segment: 'sme',
        industry: 'retail',
        legalName: 'Table Prospect Ltd',
        registrationNo: 'RN-TABLE',
        contact: { phone: '+8612345678' },
        source: 'branch',
      },
    }),
  },
  {
    route: 'POST /v1/clients/:id/conversion',
    expect: WRITE(200),
    fixture: 'prospect',
    request: (ref) => ({ method: 'POST', path: path(ref, '/conversion'), body: {} }),
  },
  {
    route: 'PATCH /v1/clients/:id/profile',
    expect: WRITE(200),
    fixture: 'client',
    request: (ref) => ({
      method: 'PATCH',
      path: path(ref, '/profile'),
      body: { industry: `industry ${randomUUID()}` },
    }),
  },
  {
    route: 'PUT /v1/clients/:id/manager',
    // Segregation of duties: not the relationship manager's own decision.
    expect: { ...WRITE(200), rm: 403 },
    fixture: 'client',
    request: (ref, location) => ({
      method: 'PUT',
      path: path(ref, '/manager'),
      body: { managerId: ALTERNATE[location.managerId], reason: 'hand-over' },
    }),
  },
  // The client's team: the branch's decision, as its coverage is.
  {
    route: 'PUT /v1/clients/:id/backup-manager',
    expect: { ...WRITE(200), rm: 403 },
    fixture: 'client',
    request: (ref, location) => ({
      method: 'PUT',
      path: path(ref, '/backup-manager'),
      body: { managerId: ALTERNATE[location.managerId], reason: 'A/B role' },
    }),
  },
  {
    route: 'DELETE /v1/clients/:id/backup-manager',
    // A client without a backup records nothing: still the 200 of a write.
    expect: { ...WRITE(200), rm: 403 },
    fixture: 'client',
    request: (ref) => ({ method: 'DELETE', path: path(ref, '/backup-manager') }),
  },
  {
    route: 'POST /v1/clients/:id/team',
    expect: { ...WRITE(201), rm: 403 },
    fixture: 'client',
    request: (ref, location) => ({
      method: 'POST',
      path: path(ref, '/team'),
      body: { managerId: ALTERNATE[location.managerId], role: 'fx' },
    }),
  },
  {
    route: 'DELETE /v1/clients/:id/team/:managerId',
    expect: { ...WRITE(200), rm: 403 },
    fixture: 'client',
    prepare: async (admin, clientId) => {
      const history = await admin.get<{ items: { managerId: string }[] }>(`/v1/clients/${clientId}/coverage-history`);
      const specialist = ALTERNATE[history.body.items[0]?.managerId ?? 'M-A1'] ?? 'M-A2';
      await created(admin.post<Write>(`/v1/clients/${clientId}/team`, { managerId: specialist, role: 'credit' }));
      return { specialist };
    },
    request: (ref) => ({ method: 'DELETE', path: path(ref, `/team/${ref.sub.specialist ?? 'M-NOBODY'}`) }),
  },
  {
    route: 'PUT /v1/clients/:id/tier',
    expect: WRITE(200),
    fixture: 'client',
    request: (ref) => ({ method: 'PUT', path: path(ref, '/tier'), body: { tier: 'standard', reason: 'review' } }),
  },
  {
    route: 'POST /v1/clients/:id/contacts',
    expect: WRITE(201),
    fixture: 'client',
    request: (ref, location) => ({
      method: 'POST',
      path: path(ref, '/contacts'),
      body: {
        managerId: location.managerId,
        channel: 'call',
        purpose: 'consultation',
        summary: 'table call',
        occurredAt: '2026-01-10T09:00:00Z',
      },
    }),
  },
  {
    route: 'POST /v1/clients/:id/contacts/:contactId/completion',
    expect: WRITE(200),
    fixture: 'client',
    prepare: async (admin, clientId) => ({
      contactId: await created(
        admin.post<Write>(`/v1/clients/${clientId}/contacts`, {
          managerId: 'M-A1',
          channel: 'visit',
          purpose: 'relationship',
          summary: 'visit',
          occurredAt: '2026-01-10T09:00:00Z',
          followUpDue: '2026-01-20T09:00:00Z',
        }),
        'contactId',
      ),
    }),
    request: (ref) => ({
      method: 'POST',
      path: path(ref, `/contacts/${ref.sub.contactId ?? randomUUID()}/completion`),
    }),
  },
  {
    route: 'POST /v1/clients/:id/visits',
    expect: WRITE(201),
    fixture: 'client',
    request: (ref, location) => ({
      method: 'POST',
      path: path(ref, '/visits'),
      body: { plannedAt: '2030-01-10T09:00:00Z', purpose: 'relationship', managerId: location.managerId },
    }),
  },
  {
    route: 'POST /v1/clients/:id/visits/:visitId/cancellation',
    expect: WRITE(200),
    fixture: 'client',
    prepare: async (admin, clientId) => ({
      visitId: await created(
        admin.post<Write>(`/v1/clients/${clientId}/visits`, {
          managerId: 'M-A1',
          plannedAt: '2030-01-10T09:00:00Z',
          purpose: 'relationship',
        }),
        'visitId',
      ),
    }),
    request: (ref) => ({
      method: 'POST',
      path: path(ref, `/visits/${ref.sub.visitId ?? randomUUID()}/cancellation`),
      body: { reason: 'table cancellation' },
    }),
  },
  {
    route: 'POST /v1/clients/:id/tasks',
    expect: WRITE(201),
    fixture: 'client',
    request: (ref, location) => ({
      method: 'POST',
      path: path(ref, '/tasks'),
      body: { title: 'table task', due: '2030-01-10T09:00:00Z', assigneeId: location.managerId },
    }),
  },
  {
    route: 'POST /v1/clients/:id/tasks/:taskId/completion',
    expect: WRITE(200),
    fixture: 'client',
    prepare: async (admin, clientId) => ({
      taskId: await created(
        admin.post<Write>(`/v1/clients/${clientId}/tasks`, {
          assigneeId: 'M-A1',
          title: 'table task',
          due: '2030-01-10T09:00:00Z',
        }),
        'taskId',
      ),
    }),
    request: (ref) => ({ method: 'POST', path: path(ref, `/tasks/${ref.sub.taskId ?? randomUUID()}/completion`) }),
  },
  {
    route: 'POST /v1/clients/:id/opportunities',
    expect: WRITE(201),
    fixture: 'client',
    request: (ref, location) => ({
      method: 'POST',
      path: path(ref, '/opportunities'),
      body: { productCategory: 'fx', expectedAmount: '1000.00', currency: 'USD', managerId: location.managerId },
    }),
  },
  ...(['stage', 'win', 'loss'] as const).map((action): Row => ({
    route:
      action === 'stage'
        ? 'PUT /v1/clients/:id/opportunities/:opportunityId/stage'
        : `POST /v1/clients/:id/opportunities/:opportunityId/${action}`,
    expect: WRITE(200),
    fixture: 'client',
    prepare: async (admin, clientId) => ({
      opportunityId: await created(
        admin.post<Write>(`/v1/clients/${clientId}/opportunities`, {
          managerId: 'M-A1',
          productCategory: 'fx',
          expectedAmount: '1000.00',
          currency: 'USD',
        }),
        'opportunityId',
      ),
    }),
    request: (ref) => ({
      method: action === 'stage' ? 'PUT' : 'POST',
      path: path(ref, `/opportunities/${ref.sub.opportunityId ?? randomUUID()}/${action}`),
      ...(action === 'stage'
        ? { body: { stage: 'proposal' } }
        : action === 'loss'
          ? { body: { reason: 'pricing' } }
          : {}),
    }),
  })),
  {
    route: 'POST /v1/clients/:id/feedback',
    expect: WRITE(201),
    fixture: 'client',
    request: (ref) => ({
      method: 'POST',
      path: path(ref, '/feedback'),
      body: { department: 'product', text: 'wants FX' },
    }),
  },
  {
    route: 'POST /v1/clients/:id/satisfaction',
    expect: WRITE(201),
    fixture: 'client',
    request: (ref, location) => ({
      method: 'POST',
      path: path(ref, '/satisfaction'),
      body: { kind: 'nps', score: 9, comment: 'fine', managerId: location.managerId },
    }),
  },
  {
    route: 'POST /v1/clients/:id/complaints',
    expect: WRITE(201),
    fixture: 'client',
    request: (ref) => ({
      method: 'POST',
      path: path(ref, '/complaints'),
      body: { category: 'fees', text: 'charged twice' },
    }),
  },
  {
    route: 'POST /v1/clients/:id/complaints/:complaintId/acknowledgement',
    expect: WRITE(200),
    fixture: 'client',
    prepare: async (admin, clientId) => ({
      complaintId: await created(
        admin.post<Write>(`/v1/clients/${clientId}/complaints`, { category: 'fees', text: 'x' }),
        'complaintId',
      ),
    }),
    request: (ref) => ({
      method: 'POST',
      path: path(ref, `/complaints/${ref.sub.complaintId ?? randomUUID()}/acknowledgement`),
      body: {},
    }),
  },
  {
    route: 'POST /v1/clients/:id/complaints/:complaintId/resolution',
    expect: WRITE(200),
    fixture: 'client',
    prepare: async (admin, clientId) => ({
      complaintId: await created(
        admin.post<Write>(`/v1/clients/${clientId}/complaints`, { category: 'fees', text: 'x' }),
        'complaintId',
      ),
    }),
    request: (ref) => ({
      method: 'POST',
      path: path(ref, `/complaints/${ref.sub.complaintId ?? randomUUID()}/resolution`),
      body: { resolution: 'refunded' },
    }),
  },
  {
    route: 'POST /v1/clients/:id/financials',
    expect: CREDIT(201),
    fixture: 'client',
    request: (ref) => ({
      method: 'POST',
      path: path(ref, '/financials'),
      body: {
        period: '2025',
        revenue: '100.00',
        netProfit: '10.00',
        totalAssets: '1000',
        totalLiabilities: '100',
        currency: 'CNY',
      },
    }),
  },
  {
    route: 'PUT /v1/clients/:id/credit-rating',
    expect: CREDIT_HELD(200),
    fixture: 'client',
    request: (ref) => ({ method: 'PUT', path: path(ref, '/credit-rating'), body: { rating: 'A', reason: 'annual' } }),
  },
  {
    route: 'PUT /v1/clients/:id/loan-classification',
    expect: CREDIT_HELD(200),
    fixture: 'client',
    request: (ref) => ({
      method: 'PUT',
      path: path(ref, '/loan-classification'),
      body: { classification: 'normal', reason: 'annual' },
    }),
  },
  {
    route: 'PUT /v1/clients/:id/facilities/:facilityId',
    expect: CREDIT_HELD(200),
    fixture: 'client',
    request: (ref) => ({
      method: 'PUT',
      path: path(ref, '/facilities/F-1'),
      body: { limit: '100.00', currency: 'CNY' },
    }),
  },
  {
    route: 'POST /v1/clients/:id/facilities/:facilityId/utilisation',
    expect: CREDIT(201),
    fixture: 'client',
    prepare: async (admin, clientId) => {
      await created(admin.put<Write>(`/v1/clients/${clientId}/facilities/F-1`, { limit: '100.00', currency: 'CNY' }));
      return {};
    },
    request: (ref) => ({ method: 'POST', path: path(ref, '/facilities/F-1/utilisation'), body: { drawn: '10.00' } }),
  },
  {
    route: 'POST /v1/clients/:id/facilities/:facilityId/past-due',
    expect: CREDIT(201),
    fixture: 'client',
    prepare: async (admin, clientId) => {
      await created(admin.put<Write>(`/v1/clients/${clientId}/facilities/F-1`, { limit: '100.00', currency: 'CNY' }));
      return {};
    },
    request: (ref) => ({
      method: 'POST',
      path: path(ref, '/facilities/F-1/past-due'),
      body: { daysPastDue: 3, amountOverdue: '1.00' },
    }),
  },
  {
    route: 'DELETE /v1/clients/:id/facilities/:facilityId/past-due',
    expect: CREDIT_HELD(200),
    fixture: 'client',
    prepare: async (admin, clientId) => {
      await created(admin.put<Write>(`/v1/clients/${clientId}/facilities/F-1`, { limit: '100.00', currency: 'CNY' }));
      await created(
        admin.post<Write>(`/v1/clients/${clientId}/facilities/F-1/past-due`, { daysPastDue: 3, amountOverdue: '1.00' }),
      );
      return {};
    },
    request: (ref) => ({ method: 'DELETE', path: path(ref, '/facilities/F-1/past-due') }),
  },
  {
    route: 'POST /v1/clients/:id/risk-flags',
    expect: CREDIT(201),
    fixture: 'client',
    request: (ref) => ({
      method: 'POST',
      path: path(ref, '/risk-flags'),
      body: { type: 'other', severity: 'low', note: 'table flag' },
    }),
  },
  {
    route: 'DELETE /v1/clients/:id/risk-flags/:flagId',
    expect: CREDIT_HELD(200),
    fixture: 'client',
    prepare: async (admin, clientId) => ({
      flagId: await created(
        admin.post<Write>(`/v1/clients/${clientId}/risk-flags`, { type: 'other', severity: 'low', note: 'x' }),
        'flagId',
      ),
    }),
    request: (ref) => ({
      method: 'DELETE',
      path: path(ref, `/risk-flags/${ref.sub.flagId ?? randomUUID()}`),
      body: { reason: 'unfounded' },
    }),
  },
  {
    route: 'POST /v1/clients/:id/products',
    expect: WRITE(201),
    fixture: 'client',
    request: (ref) => ({
      method: 'POST',
      path: path(ref, '/products'),
      body: { productCode: 'DEP-1', category: 'deposit', amount: '1.00' },
    }),
  },
  {
    route: 'DELETE /v1/clients/:id/products/:holdingId',
    expect: WRITE(200),
    fixture: 'client',
    prepare: openDeposit,
    request: (ref) => ({
      method: 'DELETE',
      path: path(ref, `/products/${ref.sub.holdingId ?? randomUUID()}`),
      body: { reason: 'matured' },
    }),
  },
  {
    route: 'PUT /v1/clients/:id/products/:holdingId/balance',
    expect: WRITE(200),
    fixture: 'client',
    prepare: openDeposit,
    request: (ref) => ({
      method: 'PUT',
      path: path(ref, `/products/${ref.sub.holdingId ?? randomUUID()}/balance`),
      body: { balance: '1.00', currency: 'CNY', asOf: '2026-01-30' },
    }),
  },
  // "other": a search for the other location's branch (empty for scoped callers; see the list tests).
  {
    route: 'GET /v1/clients',
    expect: READ_LIST,
    request: (ref) => ({ method: 'GET', path: `/v1/clients?branchId=${ref.branchId}` }),
  },
  { route: 'GET /v1/clients/:id', expect: READ_ONE, request: (ref) => ({ method: 'GET', path: path(ref) }) },
  ...(['contacts', 'complaints', 'feedback'] as const).map((notes): Row => ({
    route: `GET /v1/clients/:id/${notes}`,
    expect: READ_ONE,
    request: (ref) => ({ method: 'GET', path: path(ref, `/${notes}`) }),
  })),
  {
    route: 'GET /v1/clients/:id/timeline',
    expect: READ_ONE,
    request: (ref) => ({ method: 'GET', path: path(ref, '/timeline') }),
  },
  {
    route: 'POST /v1/managers',
    expect: { rm: 403, bh: 403, ro: 403, dpo: 403, service: 403, admin: 201 },
    request: (_ref, location) => ({
      method: 'POST',
      path: '/v1/managers',
      body: {
        managerId: `M-T-${randomUUID().slice(0, 8)}`,
        name: 'Table Manager',
        branchId: location.branchId,
        level: 'associate',
      },
    }),
  },
  {
    route: 'PUT /v1/managers/:id/level',
    // The shared managers are senior: the same level again is a 200 that changes nothing.
    expect: { rm: 403, bh: 403, ro: 403, dpo: 403, service: 403, admin: 200 },
    request: (ref) => ({
      method: 'PUT',
      path: `/v1/managers/${ref.managerId}/level`,
      body: { level: 'senior', reason: 'annual review' },
    }),
  },
  {
    route: 'PUT /v1/managers/:id/branch',
    // The manager's own branch again: a 200 that changes nothing, so the shared managers stay put.
    expect: { rm: 403, bh: 403, ro: 403, dpo: 403, service: 403, admin: 200 },
    request: (ref, location) => ({
      method: 'PUT',
      path: `/v1/managers/${ref.managerId}/branch`,
      body: { branchId: location.branchId, reason: 'rotation' },
    }),
  },
  {
    route: 'POST /v1/managers/:id/departure',
    expect: { rm: 403, bh: 403, ro: 403, dpo: 403, service: 403, admin: 200 },
    fixture: 'client',
    // A manager of its own, so the shared ones stay active.
    prepare: async (admin) => {
      const managerId = `M-D-${randomUUID().slice(0, 8)}`;
      await created(
        admin.post<Write>('/v1/managers', { managerId, name: 'Leaving', branchId: 'BR-A', level: 'senior' }),
      );
      return { departing: managerId };
    },
    request: (ref) => ({
      method: 'POST',
      path: `/v1/managers/${ref.sub.departing ?? 'M-NOBODY'}/departure`,
      body: { reason: 'resigned' },
    }),
  },
  {
    route: 'POST /v1/managers/:id/handover',
    // One fresh client of the location's manager to a colleague; "other" is another branch's manager.
    expect: { rm: 403, bh: [200, 404], ro: 403, dpo: 403, service: 403, admin: 200 },
    fixture: 'client',
    request: (ref, location) => ({
      method: 'POST',
      path: `/v1/managers/${ref.managerId}/handover`,
      body: { assignments: [{ clientId: ref.clientId, managerId: ALTERNATE[location.managerId] }] },
    }),
  },
  {
    route: 'PUT /v1/managers/:id/absence',
    // The location's manager, absent for a week ("other" is another branch's manager); no backup stands in here.
    expect: { rm: 403, bh: [200, 404], ro: 403, dpo: 403, service: 403, admin: 200 },
    request: (ref) => ({
      method: 'PUT',
      path: `/v1/managers/${ref.managerId}/absence`,
      body: { until: new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString(), reason: 'annual leave' },
    }),
  },
  {
    route: 'DELETE /v1/managers/:id/absence',
    // Back (or not absent, which records nothing): the 200 of a write either way.
    expect: { rm: 403, bh: [200, 404], ro: 403, dpo: 403, service: 403, admin: 200 },
    request: (ref) => ({ method: 'DELETE', path: `/v1/managers/${ref.managerId}/absence` }),
  },
  {
    route: 'GET /v1/branches/:id/uncovered-clients',
    expect: { rm: 403, bh: [200, 404], ro: 200, dpo: 403, service: 403, admin: 200 },
    request: (ref) => ({ method: 'GET', path: `/v1/branches/${ref.branchId}/uncovered-clients` }),
  },
  {
    route: 'GET /v1/clients/:id/coverage-history',
    expect: READ_ONE,
    request: (ref) => ({ method: 'GET', path: path(ref, '/coverage-history') }),
  },
  {
    route: 'POST /v1/client-groups',
    expect: WRITE(201),
    fixture: 'client',
    request: (ref, location) => ({
      method: 'POST',
      path: '/v1/client-groups',
      body: { name: 'Table Group', parentClientId: ref.clientId, managerId: location.managerId },
    }),
  },
  {
    route: 'POST /v1/client-groups/:id/members',
    expect: WRITE(200),
    fixture: 'client',
    prepare: formGroup('candidate'),
    request: (ref) => ({
      method: 'POST',
      path: `/v1/client-groups/${ref.clientId}/members`,
      body: { clientId: ref.sub.member ?? ref.clientId },
    }),
  },
  {
    route: 'DELETE /v1/client-groups/:id/members/:clientId',
    expect: WRITE(200),
    fixture: 'client',
    prepare: formGroup('joined'),
    request: (ref) => ({
      method: 'DELETE',
      path: `/v1/client-groups/${ref.clientId}/members/${ref.sub.member ?? ref.clientId}`,
    }),
  },
  {
    route: 'GET /v1/client-groups/:id',
    expect: READ_ONE,
    fixture: 'client',
    prepare: formGroup('none'),
    // The group is read from the read model: the row reads its own write.
    request: (ref) => ({
      method: 'GET',
      path: `/v1/client-groups/${ref.clientId}?minPosition=${ref.sub.position ?? '0'}`,
    }),
  },
  {
    route: 'GET /v1/managers/:id/portfolio',
    expect: READ_ONE,
    request: (ref) => ({ method: 'GET', path: `/v1/managers/${ref.managerId}/portfolio` }),
  },
  {
    route: 'GET /v1/managers/:id/agenda',
    expect: READ_ONE,
    request: (ref) => ({ method: 'GET', path: `/v1/managers/${ref.managerId}/agenda` }),
  },
  {
    route: 'GET /v1/managers/:id/pipeline',
    expect: READ_ONE,
    request: (ref) => ({ method: 'GET', path: `/v1/managers/${ref.managerId}/pipeline` }),
  },
  {
    route: 'GET /v1/branches/:id/dashboard',
    expect: { rm: 403, bh: [200, 404], ro: 200, dpo: 403, service: 200, admin: 200 },
    request: (ref) => ({ method: 'GET', path: `/v1/branches/${ref.branchId}/dashboard` }),
  },
  {
    route: 'GET /v1/branches/:id/complaints-summary',
    expect: { rm: 403, bh: [200, 404], ro: 200, dpo: 403, service: 200, admin: 200 },
    request: (ref) => ({ method: 'GET', path: `/v1/branches/${ref.branchId}/complaints-summary` }),
  },
  {
    route: 'GET /v1/branches/:id/satisfaction',
    expect: { rm: 403, bh: [200, 404], ro: 200, dpo: 403, service: 200, admin: 200 },
    request: (ref) => ({ method: 'GET', path: `/v1/branches/${ref.branchId}/satisfaction` }),
  },
  {
    // No branch or manager named: each caller's own figures (the whole bank for those who see it).
    route: 'GET /v1/satisfaction',
    expect: READ_LIST,
    request: () => ({ method: 'GET', path: '/v1/satisfaction?from=2026-01-01&to=2026-12-31' }),
  },
  {
    route: 'GET /v1/complaints',
    expect: READ_LIST,
    request: (ref) => ({ method: 'GET', path: `/v1/complaints?branchId=${ref.branchId}` }),
  },
  {
    route: 'GET /v1/risk-cases',
    expect: READ_LIST,
    request: () => ({ method: 'GET', path: '/v1/risk-cases?status=open' }),
  },
  {
    route: 'GET /v1/alerts',
    expect: READ_LIST,
    request: (ref) => ({ method: 'GET', path: `/v1/alerts?clientId=${ref.clientId}` }),
  },
  {
    route: 'GET /v1/alerts/:id',
    expect: READ_ONE,
    request: (ref) => ({ method: 'GET', path: `/v1/alerts/${ref.alertId}` }),
  },
  {
    route: 'POST /v1/alerts/:id/acknowledgement',
    expect: WORK_ALERT,
    fixture: 'alert',
    request: (ref) => ({ method: 'POST', path: `/v1/alerts/${ref.alertId}/acknowledgement` }),
  },
  {
    route: 'POST /v1/alerts/:id/escalation',
    expect: WORK_ALERT,
    fixture: 'alert',
    request: (ref) => ({
      method: 'POST',
      path: `/v1/alerts/${ref.alertId}/escalation`,
      body: { to: 'credit_committee', reason: 'worse' },
    }),
  },
  {
    route: 'POST /v1/alerts/:id/resolution',
    expect: WORK_ALERT,
    fixture: 'alert',
    request: (ref) => ({
      method: 'POST',
      path: `/v1/alerts/${ref.alertId}/resolution`,
      body: { outcome: 'actioned', note: 'called the client' },
    }),
  },
  {
    route: 'POST /v1/alerts/:id/reopening',
    expect: WORK_ALERT,
    fixture: 'resolved-alert',
    request: (ref) => ({ method: 'POST', path: `/v1/alerts/${ref.alertId}/reopening`, body: { reason: 'again' } }),
  },
  {
    route: 'GET /v1/credit-proposals/:id',
    expect: READ_ONE,
    request: (ref) => ({ method: 'GET', path: `/v1/credit-proposals/${ref.proposalId}` }),
  },
  {
    route: 'POST /v1/credit-proposals/:id/approval',
    expect: DECIDE,
    fixture: 'proposal',
    request: (ref) => ({ method: 'POST', path: `/v1/credit-proposals/${ref.proposalId}/approval`, body: {} }),
  },
  {
    route: 'POST /v1/credit-proposals/:id/rejection',
    expect: DECIDE,
    fixture: 'proposal',
    request: (ref) => ({
      method: 'POST',
      path: `/v1/credit-proposals/${ref.proposalId}/rejection`,
      body: { reason: 'not supported' },
    }),
  },
  {
    route: 'GET /v1/risk-cases/:id',
    expect: READ_ONE,
    request: (ref) => ({ method: 'GET', path: `/v1/risk-cases/${ref.caseId}` }),
  },
  {
    route: 'PUT /v1/risk-cases/:id/assignee',
    expect: WORK_ALERT,
    request: (ref) => ({ method: 'PUT', path: `/v1/risk-cases/${ref.caseId}/assignee`, body: { assignee: 'u-ro' } }),
  },
  {
    route: 'POST /v1/risk-cases/:id/comments',
    // The client's own manager may comment too (they know the client); not other managers.
    expect: { rm: [201, 404], bh: [201, 404], ro: 201, dpo: 403, service: 403, admin: 201 },
    request: (ref) => ({ method: 'POST', path: `/v1/risk-cases/${ref.caseId}/comments`, body: { text: 'noted' } }),
  },
  {
    // The batch itself is judged by role (whoever may write to a client at all); each of its lines
    // is then held to its own route's rule, which test/e2e/batches.e2e-spec.ts checks. A JSON body
    // gets past the role check and is refused by media type, so 415 is "authorized" here.
    route: 'POST /v1/batches',
    // A service holding none of the lines' scopes could run no line, and is refused whole.
    expect: { rm: 415, bh: 415, ro: 415, dpo: 403, service: 403, admin: 415 },
    request: () => ({ method: 'POST', path: '/v1/batches', body: {} }),
  },
  {
    route: 'GET /v1/departments',
    expect: { rm: 200, bh: 200, ro: 200, dpo: 403, service: 200, admin: 200 },
    request: () => ({ method: 'GET', path: '/v1/departments' }),
  },
  {
    // A department's queue: its own staff (product_department, test/e2e/feedback-loop.e2e-spec.ts) and admin.
    route: 'GET /v1/departments/:id/feedback',
    expect: { rm: 403, bh: 403, ro: 403, dpo: 403, service: 403, admin: 200 },
    request: () => ({ method: 'GET', path: '/v1/departments/cards/feedback' }),
  },
  {
    route: 'GET /v1/departments/:id/feedback/:feedbackId',
    // No feedback here: admin's answer is the queue's 404, past every access check.
    expect: { rm: 403, bh: 403, ro: 403, dpo: 403, service: 403, admin: 'allowed' },
    request: () => ({ method: 'GET', path: `/v1/departments/cards/feedback/${randomUUID()}` }),
  },
  {
    route: 'POST /v1/departments/:id/feedback/:feedbackId/status',
    expect: { rm: 403, bh: 403, ro: 403, dpo: 403, service: 403, admin: 'allowed' },
    request: () => ({
      method: 'POST',
      path: `/v1/departments/cards/feedback/${randomUUID()}/status`,
      body: { status: 'under_review', answer: 'looking at it' },
    }),
  },
  {
    route: 'GET /v1/products/:code/feedback',
    expect: { rm: 403, bh: 200, ro: 200, dpo: 403, service: 403, admin: 200 },
    request: () => ({ method: 'GET', path: '/v1/products/CARD-GOLD/feedback' }),
  },
  {
    route: 'POST /v1/departments/:id/ratings',
    expect: { rm: 201, bh: 201, ro: 403, dpo: 403, service: 403, admin: 201 },
    request: () => ({ method: 'POST', path: '/v1/departments/credit-approval/ratings', body: { score: 4 } }),
  },
  {
    route: 'GET /v1/internal-service-levels',
    expect: { rm: 403, bh: 200, ro: 200, dpo: 403, service: 403, admin: 200 },
    request: () => ({ method: 'GET', path: '/v1/internal-service-levels' }),
  },
  {
    route: 'GET /v1/alerts/stream',
    // Narrowed event by event to the caller's clients (test/e2e/alert-feed.e2e-spec.ts).
    expect: { rm: 200, bh: 200, ro: 200, dpo: 403, service: 403, admin: 200 },
    request: () => ({ method: 'GET', path: '/v1/alerts/stream' }),
  },
  {
    route: 'GET /v1/clients/:id/access-log',
    optional: true,
    expect: DPO_ONLY(200),
    request: (ref) => ({ method: 'GET', path: path(ref, '/access-log') }),
  },
  {
    route: 'DELETE /v1/clients/:id/personal-data',
    optional: true,
    expect: DPO_ONLY('allowed'),
    fixture: 'client',
    request: (ref) => ({
      method: 'DELETE',
      path: path(ref, '/personal-data'),
      body: { basis: 'data subject request' },
    }),
  },
];

/** Routes open without a token, with a request that must succeed anonymously. */
const PUBLIC_ROUTES: Readonly<Record<string, Request & { status: number }>> = {
  'POST /v1/dev/tokens': {
    method: 'POST',
    path: '/v1/dev/tokens',
    body: { sub: 'u-public', role: 'service' },
    status: 201,
  },
  'GET /health/live': { method: 'GET', path: '/health/live', status: 200 },
  'GET /health/ready': { method: 'GET', path: '/health/ready', status: 200 },
  'GET /metrics': { method: 'GET', path: '/metrics', status: 200 },
  'GET /docs/*': { method: 'GET', path: '/docs/swagger-ui-init.js', status: 200 },
};

/** Handlers whose access their own module declares (`@Roles('dpo')`), not the access policy. */
const DECLARED_ELSEWHERE = new Set(['GET /v1/clients/:id/access-log', 'DELETE /v1/clients/:id/personal-data']);
/**
 * Routes that carry many commands: the route admits by role, and every command in it goes through
 * its own route (its access rule, its Idempotency-Key) in-process.
 */
const JUDGED_PER_LINE = new Set(['POST /batches']);

const authorizationSuite = (describeFn: (name: string, body: () => void) => void, name: string, storage: Storage) =>
  describeFn(`authorization (${name})`, () => {
    let cleanup: () => Promise<void> = async () => undefined;
    let config: AppConfig;
    let app: NestFastifyApplication;
    let store: EventStore;
    let anonymous: ApiClient;
    let base: string;
    const callers = {} as Record<Caller, ApiClient>;
    const tokens = {} as Record<Caller, string>;
    /** Every route Fastify registered, as `METHOD /pattern` (HEAD, which it adds to GETs, left out). */
    const registered = new Set<string>();
    let episode = 0;
    let last = 0n;

    const admin = () => callers.admin;
    const track = (position: string | undefined) => {
      if (position !== undefined && BigInt(position) > last) last = BigInt(position);
    };

    const tokenFor = async (claims: Record<string, string>): Promise<string> => {
      const response = await anonymous.post<{ token: string }>('/v1/dev/tokens', claims);
      expect(response.status).toBe(201);
      return response.body.token;
    };

    /** A client at `location` (converted unless a prospect is asked for), registered and assigned by admin. */
    const newClient = async (
      location: Location,
      options: { prospect?: boolean; legalName?: string; registrationNo?: string } = {},
    ): Promise<string> => {
      const registration = await admin().post<Write>('/v1/clients', {
        branchId: location.branchId,
        segment: 'corporate',
        industry: 'manufacturing',
        legalName: options.legalName ?? 'Table Client Co., Ltd.',
        registrationNo: options.registrationNo ?? '91310000MA1TABLE0X',
        contact: { phone: '+86 21 5555 0100', email: 'treasury@table.example' },
        source: 'referral',
      });
      const id = await created(Promise.resolve(registration));
      if (!options.prospect) track((await admin().post<Write>(`/v1/clients/${id}/conversion`, {})).body.position);
      const assigned = await admin().put<Write>(`/v1/clients/${id}/manager`, {
        managerId: location.managerId,
        reason: 'coverage',
      });
      expect(assigned.status).toBe(200);
      track(assigned.body.position);
      return id;
    };

    /** Appends an AlertRaised as the risk monitor would. */
    const raise = async (clientId: string): Promise<string> => {
      episode += 1;
      const id = `EW-DPD.${clientId}.${episode}`;
      const raisedAt = new Date(Date.now() - 3_600_000 + episode).toISOString();
      const result = await store.appendToStream(
        `alert-${id}`,
        [
          {
            eventId: uuidv7(),
            type: 'AlertRaised',
            data: {
              alertId: id,
              clientId,
              ruleId: 'EW-DPD',
              ruleVersion: 1,
              episode,
              severity: 'high',
              reason: 'EW-DPD reading',
              evidence: [],
              raisedAt,
              dueBy: new Date(Date.parse(raisedAt) + 86_400_000).toISOString(),
            },
            metadata: {
              occurredAt: raisedAt,
              correlationId: `cor-${episode}`,
              causationId: `cau-${episode}`,
              actor: { userId: 'risk-monitor', role: 'service' },
            },
            schemaVersion: 1,
          },
        ],
        { expectedRevision: 'no_stream' },
      );
      track(result.position.toString());
      return id;
    };

    /** Opens the client's first risk case with its alert, as the case keeper would. */
    const openCase = async (clientId: string, alertId: string): Promise<string> => {
      const caseId = `${clientId}.1`;
      const openedAt = new Date().toISOString();
      const result = await store.appendToStream(
        `risk-case-${caseId}`,
        [
          {
            eventId: uuidv7(),
            type: 'RiskCaseOpened',
            data: {
              caseId,
              clientId,
              episode: 1,
              alert: { alertId, ruleId: 'EW-DPD', severity: 'high' },
              severity: 'high',
              openedAt,
              dueBy: new Date(Date.parse(openedAt) + 86_400_000).toISOString(),
            },
            metadata: {
              occurredAt: openedAt,
              correlationId: `cor-case-${clientId}`,
              causationId: `cau-case-${clientId}`,
              actor: { userId: 'risk-monitor', role: 'service' },
            },
            schemaVersion: 1,
          },
        ],
        { expectedRevision: 'no_stream' },
      );
      track(result.position.toString());
      return caseId;
    };

    /**
     * Appends a relationship manager's proposal to downgrade the client, as ProposeCreditChange would;
     * the table's callers (none of them its proposer) then read, approve or reject it.
     */
    const propose = async (clientId: string): Promise<string> => {
      const streamId = `client-${clientId}`;
      const recorded = await store.readStream(streamId);
      const proposalId = `${clientId}.1`;
      const proposedAt = new Date().toISOString();
      const result = await store.appendToStream(
        streamId,
        [
          {
            eventId: uuidv7(),
            type: 'CreditChangeProposed',
            data: {
              proposalId,
              change: { type: 'ChangeCreditRating', data: { rating: 'BB', reason: 'table' } },
              proposedBy: 'u-table-maker',
              proposedAt,
            },
            metadata: {
              occurredAt: proposedAt,
              correlationId: `cor-proposal-${clientId}`,
              causationId: `cau-proposal-${clientId}`,
              actor: { userId: 'u-table-maker', role: 'relationship_manager' },
            },
            schemaVersion: 1,
          },
        ],
        { expectedRevision: recorded.length - 1 },
      );
      track(result.position.toString());
      return proposalId;
    };

    /** One client and one alert per location, made once, for cells that read or are refused. */
    const shared = new Map<Location, Ref>();
    const caughtUp = async () => {
      const response = await admin().get(`/v1/alerts?limit=1&minPosition=${last}`);
      expect(response.status).toBe(200);
    };

    const send = async (caller: Caller, request: Request): Promise<ApiResponse<Body>> => {
      if (request.path === '/v1/alerts/stream') {
        // Server-Sent Events: take the status, then hang up.
        const abort = new AbortController();
        const response = await fetch(`${base}${request.path}`, {
          headers: { authorization: `Bearer ${tokens[caller]}` },
          signal: abort.signal,
        });
        if (response.status === 200) {
          abort.abort();
          return { status: 200, body: {}, headers: response.headers };
        }
        return { status: response.status, body: (await response.json()) as Body, headers: response.headers };
      }
      return callers[caller].request<Body>(request.method, request.path, request.body);
    };

    beforeAll(async () => {
      const prepared = await storage();
      cleanup = prepared.cleanup;
      // No risk monitor: its alerts would race the table's; alerts are appended as the monitor would.
      config = loadConfig({ ...prepared.env, PORT: '0', LOG_LEVEL: 'silent', WORKERS: 'projector' });
      app = await createCrmApi(config);
      (app.getHttpAdapter().getInstance() as FastifyInstance).addHook('onRoute', (route: RouteOptions) => {
        for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
          if (method !== 'HEAD') registered.add(`${method} ${route.url}`);
        }
      });
      await app.listen(0, '127.0.0.1');
      store = app.get<EventStore>(EVENT_STORE);
      const address = app.getHttpServer().address();
      if (typeof address !== 'object' || address === null) throw new Error('no address');
      base = `http://127.0.0.1:${address.port}`;
      anonymous = new ApiClient(base);

      const claims: Record<Caller, Record<string, string>> = {
        rm: { sub: 'u-rm', role: 'relationship_manager', managerId: 'M-A1', branchId: 'BR-A' },
        bh: { sub: 'u-bh', role: 'branch_head', branchId: 'BR-A' },
        ro: { sub: 'u-ro', role: 'risk_officer' },
        dpo: { sub: 'u-dpo', role: 'dpo' },
        service: { sub: 'u-svc', role: 'service' },
        admin: { sub: 'u-admin', role: 'admin' },
        rmWithoutManagerId: { sub: 'u-rm2', role: 'relationship_manager', branchId: 'BR-A' },
        bhWithoutBranchId: { sub: 'u-bh2', role: 'branch_head', managerId: 'M-A2' },
      };
      for (const caller of CALLERS) {
        tokens[caller] = await tokenFor(claims[caller]);
        callers[caller] = anonymous.withToken(tokens[caller]);
      }
      for (const [managerId, branchId] of [
        ['M-A1', 'BR-A'],
        ['M-A2', 'BR-A'],
        ['M-B1', 'BR-B'],
        ['M-B2', 'BR-B'],
      ]) {
        track(
          await admin()
            .post<Write>('/v1/managers', { managerId, name: `Manager ${managerId}`, branchId, level: 'senior' })
            .then((r) => {
              expect(r.status).toBe(201);
              return r.body.position;
            }),
        );
      }
      for (const location of [A1, A2, B1]) {
        const clientId = await newClient(location);
        const alertId = await raise(clientId);
        shared.set(location, {
          clientId,
          alertId,
          caseId: await openCase(clientId, alertId),
          proposalId: await propose(clientId),
          managerId: location.managerId,
          branchId: location.branchId,
          sub: {},
        });
      }
      await caughtUp();
    });

    afterAll(async () => {
      await app?.close();
      await cleanup();
    });

    it('classifies every route the app registers, and nothing it does not', () => {
      const classified = new Set([...ROWS.map((row) => row.route), ...Object.keys(PUBLIC_ROUTES)]);
      const unclassified = [...registered].filter((route) => !classified.has(route));
      expect(unclassified).toEqual([]);
      const stale = ROWS.filter((row) => !row.optional && !registered.has(row.route)).map((row) => row.route);
      expect(stale).toEqual([]);
      expect(registered.size).toBeGreaterThan(30);
      // The service-scope table names routes that exist, so a renamed route cannot silently lose its scope.
      expect(Object.keys(SERVICE_WRITE_ROUTES).filter((route) => !registered.has(route))).toEqual([]);
    });

    /** Every route handler of the app, with its controller and its `METHOD /path` (without the v1 prefix). */
    const routeHandlers = () => {
      const found: { route: string; method: string; handler: object; controller: object }[] = [];
      for (const module of app.get(ModulesContainer).values()) {
        for (const wrapper of module.controllers.values()) {
          const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
          if (!controller) continue;
          const prefix = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
          for (const key of Object.getOwnPropertyNames(controller.prototype)) {
            const handler = (controller.prototype as Record<string, unknown>)[key];
            if (
              key === 'constructor' ||
              typeof handler !== 'function' ||
              Reflect.getMetadata(PATH_METADATA, handler) === undefined
            )
              continue;
            const method = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'ALL', 'OPTIONS', 'HEAD'][
              Reflect.getMetadata(METHOD_METADATA, handler) as number
            ];
            const route = `${method} ${`/${prefix}/${String(Reflect.getMetadata(PATH_METADATA, handler))}`.replace(/\/+/g, '/').replace(/\/$/, '')}`;
            found.push({ route, method, handler, controller });
          }
        }
      }
      return found;
    };

    const isPublicRoute = (handler: object, controller: object) =>
      Reflect.getMetadata(PUBLIC_ROUTE, handler) === true || Reflect.getMetadata(PUBLIC_ROUTE, controller) === true;

    it('finds an access declaration on every route handler (or @Public, or its own module’s @Roles)', () => {
      const undeclared: string[] = [];
      for (const { route, handler, controller } of routeHandlers()) {
        const declared = Reflect.getMetadata(ACCESS_RULE, handler) !== undefined;
        const elsewhere =
          [...DECLARED_ELSEWHERE].some((known) => known.replace(' /v1/', ' /') === route) &&
          (Reflect.getMetadata(ALLOWED_ROLES, handler) ?? Reflect.getMetadata(ALLOWED_ROLES, controller)) !== undefined;
        const perLine =
          JUDGED_PER_LINE.has(route) &&
          (Reflect.getMetadata(ALLOWED_ROLES, handler) ?? Reflect.getMetadata(ALLOWED_ROLES, controller)) !== undefined;
        if (!isPublicRoute(handler, controller) && !declared && !elsewhere && !perLine) undeclared.push(route);
      }
      expect(undeclared).toEqual([]);
    });

    it('handles Idempotency-Key on every route that writes, and on no read', () => {
      const interceptorsOf = (target: object) =>
        (Reflect.getMetadata(INTERCEPTORS_METADATA, target) as unknown[] | undefined) ?? [];
      const wrong: string[] = [];
      for (const { route, method, handler, controller } of routeHandlers()) {
        if (isPublicRoute(handler, controller)) continue;
        const bound = [...interceptorsOf(controller), ...interceptorsOf(handler)].includes(IdempotencyInterceptor);
        // A batch's lines carry their own keys, each checked by its own route.
        if (bound !== (method !== 'GET' && !JUDGED_PER_LINE.has(route))) wrong.push(route);
      }
      expect(wrong).toEqual([]);
    });

    it('opens the public routes without a token', async () => {
      for (const [route, request] of Object.entries(PUBLIC_ROUTES)) {
        const response = await fetch(`${base}${request.path}`, {
          method: request.method,
          ...(request.body === undefined
            ? {}
            : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(request.body) }),
        });
        await response.arrayBuffer();
        expect([route, response.status]).toEqual([route, request.status]);
      }
    });

    /** Fresh state for a cell that must succeed; shared state otherwise. */
    const refFor = async (row: Row, location: Location, succeeds: boolean): Promise<Ref> => {
      const base = shared.get(location);
      if (!base) throw new Error('no shared state');
      if (!succeeds || row.fixture === undefined || row.fixture === 'shared') return base;
      if (row.fixture === 'alert' || row.fixture === 'resolved-alert') {
        const alertId = await raise(base.clientId);
        if (row.fixture === 'resolved-alert') {
          const resolved = await admin().post<Write>(`/v1/alerts/${alertId}/resolution`, {
            outcome: 'actioned',
            note: 'done',
          });
          expect(resolved.status).toBe(200);
        }
        return { ...base, alertId };
      }
      const clientId = await newClient(location, { prospect: row.fixture === 'prospect' });
      if (row.fixture === 'proposal') return { ...base, clientId, proposalId: await propose(clientId), sub: {} };
      return { ...base, clientId, sub: row.prepare ? await row.prepare(admin(), clientId) : {} };
    };

    const UNKNOWN: Ref = {
      clientId: '00000000-0000-4000-8000-00000000abcd',
      alertId: 'EW-DPD.00000000-0000-4000-8000-00000000abcd.1',
      caseId: '00000000-0000-4000-8000-00000000abcd.1',
      proposalId: '00000000-0000-4000-8000-00000000abcd.1',
      managerId: 'M-NOBODY',
      branchId: 'BR-NOWHERE',
      sub: {},
    };

    const matches = (expected: Expected, status: number) =>
      expected === 'allowed' ? status !== 401 && status !== 403 : status === expected;

    describe.each(ROWS.map((row) => [row.route, row] as const))('%s', (_route, row) => {
      it('answers each role, in scope and out of it, as the table says', async () => {
        if (row.optional && !registered.has(row.route)) return; // an optional route this build does not serve yet
        const mismatches: string[] = [];
        for (const caller of CALLERS) {
          for (const target of ['own', 'other'] as const) {
            const location = LOCATIONS[caller][target];
            const isTableCaller = caller !== 'rmWithoutManagerId' && caller !== 'bhWithoutBranchId';
            const cell = isTableCaller ? row.expect[caller] : 403;
            const expected: Expected = Array.isArray(cell) ? cell[target === 'own' ? 0 : 1] : (cell as Expected);
            const succeeds = expected === 'allowed' || (typeof expected === 'number' && expected < 300);
            const ref = await refFor(row, location, succeeds);
            const response = await send(caller, row.request(ref, location, target));
            if (!matches(expected, response.status)) {
              mismatches.push(
                `${caller} ${target}: expected ${expected}, got ${response.status} ${JSON.stringify(response.body)}`,
              );
            }
            if (
              !isTableCaller &&
              response.status === 403 &&
              !['AUTH.CLAIM_MISSING', 'AUTH.FORBIDDEN'].includes((response.body as Failure).code)
            ) {
              mismatches.push(`${caller} ${target}: 403 with code ${(response.body as Failure).code}`);
            }
            if (expected === 404) {
              // Out of scope must read exactly as unknown: same status, same body.
              const unknown = await send(caller, row.request(UNKNOWN, location, target));
              if (unknown.status !== 404 || JSON.stringify(unknown.body) !== JSON.stringify(response.body)) {
                mismatches.push(
                  `${caller} ${target}: out of scope ${JSON.stringify(response.body)} but unknown ${unknown.status} ${JSON.stringify(unknown.body)}`,
                );
              }
            }
          }
        }
        expect(mismatches).toEqual([]);
      });
    });

    /**
     * Services write by scope: on every write route, a service token holding every scope but the
     * ones the route's policy names is refused (403), and one holding exactly those is let in and
     * does what an admin's request does. Its row's `service` cell above is the scope-less token.
     * A batch is left out: its lines are held to their own routes' scopes (batches.e2e-spec.ts).
     */
    describe.each(
      ROWS.filter((row) => !row.route.startsWith('GET ') && !JUDGED_PER_LINE.has(row.route.replace(' /v1/', ' /'))).map(
        (row) => [row.route, row] as const,
      ),
    )('a service on %s', (_route, row) => {
      it('needs a scope of the route, and is let in with one', async () => {
        if (row.optional && !registered.has(row.route)) return;
        const needed = SERVICE_WRITE_ROUTES[row.route] ?? [];
        const others = Object.keys(SERVICE_SCOPES).filter((scope) => !needed.includes(scope as ServiceScope));
        const without = anonymous.withToken(
          await tokenFor({ sub: 'u-svc-other', role: 'service', scope: others.join(' ') }),
        );
        const refusedRequest = row.request(await refFor(row, A1, false), A1, 'own');
        const refused = await without.request<Failure>(refusedRequest.method, refusedRequest.path, refusedRequest.body);
        expect([row.route, refused.status]).toEqual([row.route, 403]);
        if (needed.length === 0) return;
        const holder = anonymous.withToken(
          await tokenFor({ sub: 'u-svc-core', role: 'service', scope: needed.join(' ') }),
        );
        const cell = row.expect.admin;
        const expected: Expected = Array.isArray(cell) ? cell[0] : (cell as Expected);
        const request = row.request(await refFor(row, A1, true), A1, 'own');
        const allowed = await holder.request<Body>(request.method, request.path, request.body);
        expect([row.route, allowed.status, matches(expected, allowed.status)]).toEqual([
          row.route,
          allowed.status,
          true,
        ]);
      });
    });

    it('refuses tokens without the claim their role is scoped by with AUTH.CLAIM_MISSING', async () => {
      const { clientId } = shared.get(A1) as Ref;
      for (const caller of ['rmWithoutManagerId', 'bhWithoutBranchId'] as const) {
        for (const request of [`/v1/clients/${clientId}`, '/v1/clients', '/v1/alerts']) {
          const response = await callers[caller].get<Failure>(request);
          expect([caller, request, response.status, response.body.code]).toEqual([
            caller,
            request,
            403,
            'AUTH.CLAIM_MISSING',
          ]);
        }
      }
    });

    describe('lists and searches are filtered in SQL', () => {
      const own: string[] = [];
      const branch: string[] = [];
      const all: string[] = [];
      const alertsOfOwn: string[] = [];

      beforeAll(async () => {
        // 3 of the relationship manager's clients among 9 others; ids grow in creation order, so
        // each of theirs sits behind a run of colleagues' and other branches' clients.
        for (let i = 0; i < 12; i++) {
          const location = i % 4 === 3 ? A1 : i % 2 === 0 ? A2 : B1;
          const id = await newClient(location, { legalName: `Paging Client ${i} Ltd`, registrationNo: `PAGE-${i}` });
          all.push(id);
          if (location === A1) own.push(id);
          if (location.branchId === 'BR-A') branch.push(id);
          if (location === A1) alertsOfOwn.unshift(await raise(id));
          else await raise(id);
        }
        await caughtUp();
      });

      const pageThrough = async (caller: Caller, url: string, key: 'items'): Promise<string[][]> => {
        const pages: string[][] = [];
        let cursor: string | null = null;
        do {
          const response: ApiResponse<{ items: { id: string }[]; nextCursor: string | null }> = await callers[
            caller
          ].get(`${url}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
          expect(response.status).toBe(200);
          pages.push(response.body[key].map((item) => item.id));
          cursor = response.body.nextCursor;
        } while (cursor !== null && pages.length < 50);
        return pages;
      };

      it('gives a relationship manager full pages of their own clients only, though more exist on later pages', async () => {
        expect(await pageThrough('rm', '/v1/clients?q=paging&limit=1', 'items')).toEqual(own.map((id) => [id]));
        expect((await pageThrough('rm', '/v1/clients?q=paging&limit=2', 'items')).flat()).toEqual(own);
        // A filter naming someone else's clients finds nothing rather than leaking them.
        expect(await pageThrough('rm', '/v1/clients?q=paging&managerId=M-A2&limit=5', 'items')).toEqual([[]]);
        expect(await pageThrough('rm', '/v1/clients?q=paging&branchId=BR-B&limit=5', 'items')).toEqual([[]]);
        expect((await pageThrough('admin', '/v1/clients?q=paging&limit=5', 'items')).flat()).toEqual(all);
      });

      it("gives a branch head their branch's clients only, and their own branch's dashboard", async () => {
        const pages = await pageThrough('bh', '/v1/clients?q=paging&limit=3', 'items');
        expect(pages.slice(0, -1).every((page) => page.length === 3)).toBe(true);
        expect(pages.flat()).toEqual(branch);
        const dashboard = await callers.bh.get<Body>(`/v1/branches/BR-A/dashboard?minPosition=${last}`);
        expect(dashboard.status).toBe(200);
        expect((await callers.bh.get<Failure>('/v1/branches/BR-B/dashboard')).body.code).toBe('BRANCH.NOT_FOUND');
        // A colleague's portfolio within the branch: only that branch's clients of theirs.
        const portfolio = await callers.bh.get<{ clients: { id: string }[] }>('/v1/managers/M-A1/portfolio');
        expect(portfolio.status).toBe(200);
        expect(portfolio.body.clients.map((client) => client.id)).toEqual(expect.arrayContaining(own));
      });

      it("lists a relationship manager's alerts only, a full page at a time", async () => {
        const response = await pageThrough('rm', '/v1/alerts?status=open&limit=1&ruleId=EW-DPD', 'items');
        const ids = response.flat();
        expect(response.every((page) => page.length === 1)).toBe(true);
        expect(ids).toEqual(expect.arrayContaining(alertsOfOwn));
        const everyAlert = await callers.rm.get<{ items: { clientId: string; managerId: string }[] }>(
          '/v1/alerts?limit=200',
        );
        expect(everyAlert.body.items.length).toBeGreaterThan(0);
        expect(everyAlert.body.items.every((alert) => alert.managerId === 'M-A1')).toBe(true);
        const branchAlerts = await callers.bh.get<{ items: { branchId: string }[] }>('/v1/alerts?limit=200');
        expect(branchAlerts.body.items.every((alert) => alert.branchId === 'BR-A')).toBe(true);
        expect(
          (await callers.admin.get<{ items: unknown[] }>('/v1/alerts?limit=200')).body.items.length,
        ).toBeGreaterThan(branchAlerts.body.items.length);
      });
    });

    describe('risk officers see clients masked', () => {
      let clientId: string;
      const registrationNo = '91310000MA1MASK01X';
      const phone = '+86 21 6543 0100';
      const email = 'cfo@masked.example.cn';

      beforeAll(async () => {
        const response = await admin().post<Write>('/v1/clients', {
          branchId: 'BR-B',
          segment: 'corporate',
          industry: 'logistics',
          legalName: 'Masked Freight Ltd',
          registrationNo,
          contact: { phone, email },
          source: 'referral',
        });
        clientId = await created(Promise.resolve(response));
        await admin().post(`/v1/clients/${clientId}/conversion`, {});
        await admin().put(`/v1/clients/${clientId}/manager`, { managerId: 'M-B1', reason: 'coverage' });
        await admin().post(`/v1/clients/${clientId}/contacts`, {
          managerId: 'M-B1',
          channel: 'visit',
          purpose: 'risk_review',
          summary: 'CFO admits cash trouble',
          occurredAt: '2026-01-10T09:00:00Z',
        });
        await admin().post(`/v1/clients/${clientId}/complaints`, { category: 'fees', text: 'Complaint text secret' });
        const last = await admin().post<Write>(`/v1/clients/${clientId}/satisfaction`, {
          kind: 'nps',
          score: 3,
          comment: 'Survey comment secret',
          managerId: 'M-B1',
        });
        track(last.body.position);
        await caughtUp();
      });

      it('masks registration number and contact details in the view, and hides contact summaries', async () => {
        const view = await callers.ro.get<Body>(`/v1/clients/${clientId}`);
        expect(view.status).toBe(200);
        expect(view.body).toMatchObject({
          id: clientId,
          legalName: 'Masked Freight Ltd',
          registrationNo: '9131********K01X',
          contact: { phone: '+86 21 **** 0100', email: 'c***@masked.example.cn' },
          credit: expect.any(Object),
          contacts: { total: 1, last: { channel: 'visit', purpose: 'risk_review' } },
        });
        expect(view.body.contacts.last).not.toHaveProperty('summary');
        const asOf = await callers.ro.get<Body>(
          `/v1/clients/${clientId}?asOf=${encodeURIComponent(new Date().toISOString())}`,
        );
        expect(asOf.body.registrationNo).toBe('9131********K01X');
        for (const answer of [view, asOf]) {
          const text = JSON.stringify(answer.body);
          for (const secret of [registrationNo, phone, email, 'CFO admits', 'MA1MASK'])
            expect(text).not.toContain(secret);
        }
        // Everyone else who may read the client sees it as it is.
        for (const caller of ['service', 'admin'] as const) {
          const plain = await callers[caller].get<Body>(`/v1/clients/${clientId}`);
          expect(plain.body).toMatchObject({ registrationNo, contact: { phone, email } });
        }
      });

      it("masks the registration number in a risk case's context, as in the client view", async () => {
        const caseId = await openCase(clientId, `EW-DPD.${clientId}.1`);
        await caughtUp();
        const masked = await callers.ro.get<Body>(`/v1/risk-cases/${caseId}`);
        expect(masked.status).toBe(200);
        expect(masked.body.context).toMatchObject({
          legalName: 'Masked Freight Ltd',
          registrationNo: '9131********K01X',
        });
        expect(JSON.stringify(masked.body)).not.toContain('MA1MASK');
        const plain = await callers.admin.get<Body>(`/v1/risk-cases/${caseId}`);
        expect(plain.body.context).toMatchObject({ registrationNo });
      });

      it('hides free text in the timeline and keeps the facts', async () => {
        const timeline = await callers.ro.get<{ entries: { type: string; details: Record<string, unknown> }[] }>(
          `/v1/clients/${clientId}/timeline`,
        );
        expect(timeline.status).toBe(200);
        expect(timeline.body.entries.map((entry) => entry.type)).toEqual(
          expect.arrayContaining(['ProspectRegistered', 'ContactLogged', 'ComplaintReceived', 'SatisfactionRecorded']),
        );
        for (const entry of timeline.body.entries) {
          for (const field of ['summary', 'text', 'note', 'comment']) expect(entry.details).not.toHaveProperty(field);
        }
        const text = JSON.stringify(timeline.body);
        for (const secret of ['CFO admits', 'Complaint text secret', 'Survey comment secret'])
          expect(text).not.toContain(secret);
        expect(timeline.body.entries.find((entry) => entry.type === 'SatisfactionRecorded')?.details).toMatchObject({
          score: 3,
        });
      });

      it('does not let a masked registration number be found by prefix search, but finds names', async () => {
        expect(
          (await callers.admin.get<{ items: { id: string }[] }>('/v1/clients?q=91310000MA1MASK')).body.items.map(
            (item) => item.id,
          ),
        ).toEqual([clientId]);
        expect((await callers.ro.get<{ items: unknown[] }>('/v1/clients?q=91310000MA1MASK')).body.items).toEqual([]);
        expect(
          (await callers.ro.get<{ items: { id: string }[] }>('/v1/clients?q=Masked%20Freight')).body.items.map(
            (item) => item.id,
          ),
        ).toEqual([clientId]);
      });

      it('lets risk officers write credit facts and work alerts on any client, but not log contacts', async () => {
        expect(
          (await callers.ro.put(`/v1/clients/${clientId}/credit-rating`, { rating: 'BB', reason: 'cash trouble' }))
            .status,
        ).toBe(200);
        const contact = await callers.ro.post<Failure>(`/v1/clients/${clientId}/contacts`, {
          managerId: 'M-B1',
          channel: 'call',
          purpose: 'risk_review',
          summary: 'x',
          occurredAt: '2026-01-10T09:00:00Z',
        });
        expect([contact.status, contact.body.code]).toEqual([403, 'AUTH.FORBIDDEN']);
      });
    });

    describe('read-your-writes and reassignment', () => {
      it('lets a branch head work on a prospect the moment it is registered, before it is projected', async () => {
        const registered = await callers.bh.post<Write>('/v1/clients', {
          branchId: 'BR-A',
          segment: 'sme',
          industry: 'retail',
          legalName: 'Fresh Prospect Ltd',
          registrationNo: 'RN-FRESH',
          contact: { phone: '+8612345678' },
          source: 'branch',
        });
        expect(registered.status).toBe(201);
        const assigned = await callers.bh.put<Write>(`/v1/clients/${registered.body.id}/manager`, {
          managerId: 'M-A1',
          reason: 'coverage',
        });
        expect(assigned.status).toBe(200);
        // The relationship manager it was assigned to writes at once (checked against the stream) …
        expect((await callers.rm.post<Write>(`/v1/clients/${registered.body.id}/conversion`, {})).status).toBe(200);
        // … and reads it as soon as the view has caught up.
        const view = await callers.rm.get<Body>(
          `/v1/clients/${registered.body.id}?minPosition=${assigned.body.position}`,
        );
        expect(view.status).toBe(200);
        // Another branch's head does not learn it exists.
        const other = anonymous.withToken(await tokenFor({ sub: 'u-bh-b', role: 'branch_head', branchId: 'BR-B' }));
        expect(
          (await other.put<Failure>(`/v1/clients/${registered.body.id}/tier`, { tier: 'basic', reason: 'x' })).body
            .code,
        ).toBe('CLIENT.NOT_FOUND');
        // A relationship manager registers prospects in their own branch only.
        const elsewhere = await callers.rm.post<Failure>('/v1/clients', {
          branchId: 'BR-B',
          segment: 'sme',
          industry: 'retail',
          legalName: 'Elsewhere Ltd',
          registrationNo: 'RN-ELSE',
          contact: { phone: '+8612345678' },
          source: 'branch',
        });
        expect([elsewhere.status, elsewhere.body.code]).toEqual([403, 'AUTH.OUT_OF_SCOPE']);
      });

      it('takes a client away from its old manager the moment it is reassigned', async () => {
        const clientId = await newClient(A1);
        expect(
          (await callers.rm.put(`/v1/clients/${clientId}/credit-rating`, { rating: 'A', reason: 'x' })).status,
        ).toBe(202);
        const moved = await callers.bh.put<Write>(`/v1/clients/${clientId}/manager`, {
          managerId: 'M-A2',
          reason: 'hand-over',
        });
        expect(moved.status).toBe(200);
        const refused = await callers.rm.put<Failure>(`/v1/clients/${clientId}/credit-rating`, {
          rating: 'BBB',
          reason: 'x',
        });
        expect([refused.status, refused.body.code]).toEqual([404, 'CLIENT.NOT_FOUND']);
        const colleague = anonymous.withToken(
          await tokenFor({ sub: 'u-rm-a2', role: 'relationship_manager', managerId: 'M-A2' }),
        );
        expect(
          (await colleague.put(`/v1/clients/${clientId}/credit-rating`, { rating: 'BBB', reason: 'x' })).status,
        ).toBe(202);
        expect((await callers.rm.get(`/v1/clients/${clientId}?minPosition=${moved.body.position}`)).status).toBe(404);
      });
    });
  });

authorizationSuite(describe, 'embedded SQLite', async () => {
  const dir = scratchDir('crm-authz-e2e');
  return { env: { SQLITE_PATH: join(dir.path, 'crm.sqlite') }, cleanup: async () => dir.cleanup() };
});

authorizationSuite(describeWithPostgres, 'PostgreSQL', async () => {
  const { schema, drop } = await createTestSchema('crm_authz_e2e');
  return { env: { EVENT_STORE: 'postgres', DATABASE_URL: POSTGRES_TEST_URL, DATABASE_SCHEMA: schema }, cleanup: drop };
});
