import type { Role } from '@crm/domain';
import { ALL_CLIENTS, isInScope, type ClientLocation, type ClientScope } from './client-scope';
import { ApiError } from '@crm/platform';
import type { Principal } from './principal';

/**
 * The access policy of the API, in one place: who may call which kind of route (permissions), which
 * clients each role sees (scope), and whose answers are masked. ClientAccessGuard applies it to each
 * route declared with `@Access(permission)`; lists take the scope into their SQL (`@CurrentScope()`);
 * registerPersonalDataMasking masks the answers of routes that carry client personal data.
 * docs/security.md copies the tables below: change them together.
 */

/** What a route acts on, which decides how its scope is checked. */
export type AccessTarget =
  /** `:id` (or the named param) is a client id: the client must be in the caller's scope, else 404. */
  | 'client'
  /** `:id` is an alert id: the alert's client must be in scope, else 404. */
  | 'alert'
  /** `:id` is a risk case id (`<clientId>.<episode>`): the case's client must be in scope, else 404. */
  | 'risk-case'
  /** `:id` is a credit proposal id (`<clientId>.<n>`): the proposal's client must be in scope, else 404. */
  | 'credit-proposal'
  /** `:id` is a manager id (portfolio): the caller's own id, or a manager of the caller's branch, else 404. */
  | 'manager'
  /**
   * `:id` is a manager whose clients the route moves (handover): as 'manager', and a branch head
   * may also name a manager of another branch who still covers clients of theirs (one who moved
   * branch keeps their clients until a handover).
   */
  | 'manager-clients'
  /** `:id` is a branch id (dashboard): the caller's branch, else 404. */
  | 'branch'
  /** A prospect to register: `branchId` of the body must be the caller's branch, else 403. */
  | 'new-client'
  /** The body field the declaration names (not a path param) is a client id: in scope, else 404. */
  | 'body-client'
  /**
   * `:id` is a department id: a product_department caller's own department only (another is the 404
   * an unknown department gets); the other roles holding the permission, every department.
   */
  | 'department'
  /** A list or search: no single resource; the handler passes `@CurrentScope()` into the query's SQL. */
  | 'list'
  /** Nothing of a client (manager registry): the role decides alone. */
  | 'none';

export type PermissionRule = Readonly<{
  roles: readonly Role[];
  target: AccessTarget;
  /**
   * Writes are checked against the client's event stream — the state the decider will decide on,
   * so a reassignment a moment ago counts at once; reads against the read model they are about to
   * read (falling back to the stream for a client not projected yet, and going to the stream when
   * they name a `minPosition` the read model may not have reached).
   */
  mode: 'read' | 'write';
  /** The answer carries client personal data: masked for roles whose profile says so. */
  personalData: boolean;
}>;

const RM: Role = 'relationship_manager';
const BRANCH_HEAD: Role = 'branch_head';
const RISK: Role = 'risk_officer';
const SERVICE: Role = 'service';
const ADMIN: Role = 'admin';
const DEPARTMENT: Role = 'product_department';

/** Every role that reads clients (scoped by the role's profile). */
const CLIENT_READERS: readonly Role[] = [RM, BRANCH_HEAD, RISK, SERVICE, ADMIN];

/**
 * Permissions by name. `admin` is the operator's break-glass account and holds every permission of
 * this table (its reads are recorded by the read audit); `dpo` holds none of them: its routes
 * (erasure, access log) are declared by their own controllers with `@Roles('dpo')`.
 */
export const PERMISSIONS = {
  /** Register a prospect (POST /v1/clients). */
  'client.register': { roles: [RM, BRANCH_HEAD, ADMIN], target: 'new-client', mode: 'write', personalData: false },
  /** The single-window view and the timeline of one client. */
  'client.read': { roles: CLIENT_READERS, target: 'client', mode: 'read', personalData: true },
  /** Conversion, profile, tier, contacts, feedback, satisfaction, complaints, products. */
  'client.write': { roles: [RM, BRANCH_HEAD, ADMIN], target: 'client', mode: 'write', personalData: false },
  /**
   * Who covers a client: the branch's decision, not the manager's own (segregation of duties: a
   * relationship manager could otherwise hand a troubled client away, or take a colleague's).
   */
  'client.assign': { roles: [BRANCH_HEAD, ADMIN], target: 'client', mode: 'write', personalData: false },
  /** Financials, rating, classification, facilities, arrears, risk flags: risk officers too. */
  'client.credit.write': {
    roles: [RM, BRANCH_HEAD, RISK, ADMIN],
    target: 'client',
    mode: 'write',
    personalData: false,
  },
  /** Client search and lists. */
  'client.search': { roles: CLIENT_READERS, target: 'list', mode: 'read', personalData: true },
  /** A manager's portfolio. */
  'manager.portfolio': { roles: CLIENT_READERS, target: 'manager', mode: 'read', personalData: true },
  /** A branch's dashboard (aggregates only; relationship managers see their portfolio instead). */
  'branch.dashboard': {
    roles: [BRANCH_HEAD, RISK, SERVICE, ADMIN],
    target: 'branch',
    mode: 'read',
    personalData: false,
  },
  /** The alert list. */
  'alert.list': { roles: CLIENT_READERS, target: 'list', mode: 'read', personalData: false },
  /** One alert. */
  'alert.read': { roles: CLIENT_READERS, target: 'alert', mode: 'read', personalData: false },
  /** Acknowledge, escalate, resolve, reopen. Not relationship managers: the alert is about their own client. */
  'alert.work': { roles: [BRANCH_HEAD, RISK, ADMIN], target: 'alert', mode: 'write', personalData: false },
  /** The alert feed (Server-Sent Events), narrowed to the caller's clients event by event. */
  'alert.feed': { roles: [RM, BRANCH_HEAD, RISK, ADMIN], target: 'list', mode: 'read', personalData: false },
  /**
   * The complaints list, scoped in its SQL like the alert list. Ids, categories, deadlines and
   * outcomes: no complaint text and no names, so nothing to mask (the reads are audited).
   */
  'complaint.list': { roles: CLIENT_READERS, target: 'list', mode: 'read', personalData: false },
  /**
   * NPS and CSAT over time (`GET /v1/satisfaction`): figures, no client rows. Scoped by the
   * handler: a relationship manager their own figures only, a branch head their branch's and its
   * managers' (another is a 404), others any, the whole bank included.
   */
  'satisfaction.read': { roles: CLIENT_READERS, target: 'list', mode: 'read', personalData: false },
  /** The case list, scoped in its SQL like the alert list. */
  'risk-case.list': { roles: CLIENT_READERS, target: 'list', mode: 'read', personalData: false },
  /** One risk case with its alerts, timeline and the client's context (name, credit, manager). */
  'risk-case.read': { roles: CLIENT_READERS, target: 'risk-case', mode: 'read', personalData: true },
  /**
   * Assign a case. Those who work alerts (risk officers, branch heads within their branch, admin);
   * not relationship managers: the case is about their own client.
   */
  'risk-case.assign': { roles: [BRANCH_HEAD, RISK, ADMIN], target: 'risk-case', mode: 'write', personalData: false },
  /** Comment on a case: its workers, and the client's own relationship manager (who knows the client). */
  'risk-case.comment': {
    roles: [RM, BRANCH_HEAD, RISK, ADMIN],
    target: 'risk-case',
    mode: 'write',
    personalData: false,
  },
  /** A credit proposal and what became of it: those who read the client. */
  'credit-proposal.read': {
    roles: CLIENT_READERS,
    target: 'credit-proposal',
    mode: 'read',
    personalData: false,
  },
  /**
   * Approve or reject a credit change held for approval (maker–checker, credit-change.policy.ts):
   * risk officers, the bank's second line, and admin (break-glass, audited). Never its proposer,
   * whatever their role (the decider compares user ids).
   */
  'credit-proposal.decide': { roles: [RISK, ADMIN], target: 'credit-proposal', mode: 'write', personalData: false },
  /**
   * Corporate groups: form one headed by a client in scope (`parentClientId` of the body), add and
   * remove members of a group whose parent is in scope (the group id is the parent's client id).
   */
  'client-group.form': { roles: [RM, BRANCH_HEAD, ADMIN], target: 'body-client', mode: 'write', personalData: false },
  'client-group.write': { roles: [RM, BRANCH_HEAD, ADMIN], target: 'client', mode: 'write', personalData: false },
  /** The manager registry: register managers, change their level, record their departure. */
  'manager.admin': { roles: [ADMIN], target: 'none', mode: 'write', personalData: false },
  /**
   * Move a manager's clients to colleagues: the branch's decision, as one client's reassignment is
   * (a branch head for a manager of their branch, or for one who covers clients of their branch,
   * else 404; only their branch's clients move).
   */
  'manager.handover': {
    roles: [BRANCH_HEAD, ADMIN],
    target: 'manager-clients',
    mode: 'write',
    personalData: false,
  },
  /**
   * Mark a manager absent until a date, or back: the branch's decision, as coverage is (a branch
   * head for a manager of their branch, else 404). While absent, the backup managers of their
   * clients may act on those clients (client-team-access.ts).
   */
  'manager.absence': { roles: [BRANCH_HEAD, ADMIN], target: 'manager', mode: 'write', personalData: false },
  /** A branch's clients nobody covers (no manager, or a departed one): names, so personal data. */
  'branch.uncovered': { roles: [BRANCH_HEAD, RISK, ADMIN], target: 'branch', mode: 'read', personalData: true },
  /** The configured departments (ids, names, kinds): what feedback is forwarded to. Everyone but the dpo. */
  'department.list': {
    roles: [RM, BRANCH_HEAD, RISK, SERVICE, ADMIN, DEPARTMENT],
    target: 'none',
    mode: 'read',
    personalData: false,
  },
  /**
   * A department's feedback queue (ids, statuses, times; no texts): its own staff, and admin. No
   * other role reads a queue: managers follow their clients' feedback on the client (client.read).
   */
  'department.queue': { roles: [DEPARTMENT, ADMIN], target: 'department', mode: 'read', personalData: false },
  /** One feedback of the queue with its text and answers (personal data of the client). */
  'department.feedback.read': {
    roles: [DEPARTMENT, ADMIN],
    target: 'department',
    mode: 'read',
    personalData: true,
  },
  /** Move a feedback of the queue on, with an answer for the client's manager. */
  'department.feedback.answer': {
    roles: [DEPARTMENT, ADMIN],
    target: 'department',
    mode: 'write',
    personalData: false,
  },
  /** Feedback counts of one product, by theme and status, bank-wide: aggregates, no client data. */
  'product.feedback': {
    roles: [BRANCH_HEAD, RISK, ADMIN, DEPARTMENT],
    target: 'none',
    mode: 'read',
    personalData: false,
  },
  /**
   * Rate the service of an internal department (an internal satisfaction survey): the managers it
   * serves. The department is checked against the configured directory by the route (404).
   */
  'department.rate': { roles: [RM, BRANCH_HEAD, ADMIN], target: 'none', mode: 'write', personalData: false },
  /** The internal service levels of every department: times, deadlines met, ratings; no client data. */
  'service-levels.read': { roles: [BRANCH_HEAD, RISK, ADMIN], target: 'none', mode: 'read', personalData: false },
} as const satisfies Record<string, PermissionRule>;

export type Permission = keyof typeof PERMISSIONS;

export const permissionRule = (permission: Permission): PermissionRule => PERMISSIONS[permission];

/** What a role sees: which clients, and whether contact details and registration numbers are masked. */
export type RoleProfile = Readonly<{ scope: 'all' | 'branch' | 'manager' | 'none'; maskPersonalData: boolean }>;

export const ROLE_PROFILES: Readonly<Record<Role, RoleProfile>> = {
  relationship_manager: { scope: 'manager', maskPersonalData: false },
  branch_head: { scope: 'branch', maskPersonalData: false },
  risk_officer: { scope: 'all', maskPersonalData: true },
  dpo: { scope: 'all', maskPersonalData: false },
  service: { scope: 'all', maskPersonalData: false },
  admin: { scope: 'all', maskPersonalData: false },
  // A department's staff see no client: their queue's feedback reaches them through their department.
  product_department: { scope: 'none', maskPersonalData: false },
};

/** Route metadata `@Access` leaves for the guard. */
export const ACCESS_RULE = 'crm:access';
export type AccessDeclaration = Readonly<{ permission: Permission; param: string }>;

const claimMissing = (claim: 'managerId' | 'branchId' | 'departmentId', role: Role) =>
  new ApiError(403, 'AUTH.CLAIM_MISSING', `A ${role} token must carry a ${claim} claim.`, [
    { field: claim, message: `${claim} claim is required for the ${role} role` },
  ]);

/**
 * The clients `principal` may see. Throws 403 AUTH.CLAIM_MISSING when the token lacks the claim its
 * role is scoped by, and 403 AUTH.FORBIDDEN for a role that sees no client at all.
 */
export const scopeOf = (principal: Principal): ClientScope => {
  switch (ROLE_PROFILES[principal.role].scope) {
    case 'none':
      throw forbidden();
    case 'all':
      return ALL_CLIENTS;
    case 'branch':
      if (principal.branchId === undefined) throw claimMissing('branchId', principal.role);
      return { kind: 'branch', branchId: principal.branchId };
    case 'manager':
      if (principal.managerId === undefined) throw claimMissing('managerId', principal.role);
      return { kind: 'manager', managerId: principal.managerId };
  }
};

export const masksPersonalData = (principal: Principal): boolean => ROLE_PROFILES[principal.role].maskPersonalData;

/** Whether the role holds the permission at all (403 otherwise, before any lookup). */
export const roleMay = (role: Role, permission: Permission): boolean => permissionRule(permission).roles.includes(role);

/**
 * Out-of-scope answers are the very answer an unknown resource gets, so a status or body never
 * tells a caller that something they may not see exists.
 */
export const NOT_FOUND = {
  client: () => new ApiError(404, 'CLIENT.NOT_FOUND', 'No such client.'),
  alert: () => new ApiError(404, 'ALERT.NOT_FOUND', 'No such alert.'),
  riskCase: () => new ApiError(404, 'RISK_CASE.NOT_FOUND', 'No such risk case.'),
  creditProposal: () => new ApiError(404, 'CREDIT_PROPOSAL.NOT_FOUND', 'No such credit proposal.'),
  manager: () => new ApiError(404, 'MANAGER.NOT_FOUND', 'No such manager.'),
  branch: () => new ApiError(404, 'BRANCH.NOT_FOUND', 'No such branch.'),
  department: () => new ApiError(404, 'DEPARTMENT.NOT_FOUND', 'No such department.'),
  feedback: () => new ApiError(404, 'FEEDBACK.NOT_FOUND', 'No such feedback in this department.'),
} as const;

export const forbidden = () => new ApiError(403, 'AUTH.FORBIDDEN', 'Your role may not do this.');

/** A client (or an alert's client) at `location`; null when it does not exist. Throws the 404 otherwise. */
export const assertClientInScope = (
  scope: ClientScope,
  location: ClientLocation | null,
  notFound: () => ApiError,
): void => {
  if (location === null || !isInScope(scope, location)) throw notFound();
};

/**
 * A manager's portfolio: a relationship manager's own only (no lookup needed), a branch head's
 * managers of their branch (`managerBranch` null when there is no such manager), and, for a route
 * on the manager's clients, a manager of another branch who covers clients of the branch head's
 * (`coversClientsOfBranch`).
 */
export const assertManagerInScope = (
  scope: ClientScope,
  managerId: string,
  managerBranch: string | null,
  coversClientsOfBranch = false,
): void => {
  const allowed =
    scope.kind === 'all' ||
    (scope.kind === 'manager' && scope.managerId === managerId) ||
    (scope.kind === 'branch' &&
      ((managerBranch !== null && managerBranch === scope.branchId) || coversClientsOfBranch));
  if (!allowed) throw NOT_FOUND.manager();
};

/**
 * A department's routes: a product_department caller's own department only (the token's claim);
 * the other roles that hold the route's permission (admin) every department.
 */
export const assertDepartmentInScope = (principal: Principal, departmentId: string): void => {
  if (principal.role !== 'product_department') return;
  if (principal.departmentId === undefined) throw claimMissing('departmentId', principal.role);
  if (principal.departmentId !== departmentId) throw NOT_FOUND.department();
};

/** A branch's dashboard: the caller's own branch unless they see every client. */
export const assertBranchInScope = (scope: ClientScope, branchId: string): void => {
  if (!(scope.kind === 'all' || (scope.kind === 'branch' && scope.branchId === branchId))) throw NOT_FOUND.branch();
};

/**
 * Registering a prospect: into the caller's own branch, unless they see every client. A
 * relationship manager needs a branchId claim for it; the prospect then belongs to the branch and
 * is theirs once it is assigned to them (a branch head assigns it).
 */
export const assertMayRegisterIn = (principal: Principal, scope: ClientScope, branchId: string): void => {
  if (scope.kind === 'all') return;
  const own = principal.branchId;
  if (own === undefined) throw claimMissing('branchId', principal.role);
  if (branchId !== own) {
    throw new ApiError(403, 'AUTH.OUT_OF_SCOPE', 'You may register prospects only in your own branch.', [
      { field: 'branchId', message: 'branchId must be the branch of your token' },
    ]);
  }
};
