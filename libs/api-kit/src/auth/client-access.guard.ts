import { Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { parseClientScopedId } from '@crm/domain';
import { EVENT_STORE, type EventStore } from '@crm/event-store';
import {
  ALERT_ID_PATTERN,
  AlertQueries,
  ClientListQueries,
  READ_MODEL_STORE,
  type ReadModelStore,
} from '@crm/read-models';
import {
  ACCESS_RULE,
  assertBranchInScope,
  assertClientInScope,
  assertDepartmentInScope,
  assertManagerInScope,
  assertMayRegisterIn,
  forbidden,
  isInScope,
  NOT_FOUND,
  permissionRule,
  roleMay,
  scopeMissing,
  scopeOf,
  serviceMayWrite,
  standsIn,
  type AccessDeclaration,
  type ClientScope,
} from '@crm/policy';
import type { ApiError } from '@crm/platform';
import type { RequestWithPrincipal } from './auth.decorators';
import { ClientLocator } from './client-locator';
import { RouteMetadata } from './route-metadata';

type GuardedRequest = RequestWithPrincipal & {
  method?: string;
  routeOptions?: { url?: string };
  params?: Record<string, string | undefined>;
  query?: Record<string, unknown>;
  body?: unknown;
};

/** Path ids as their pipes accept them; anything else is left to the pipe's 400 (ids are not secret). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Applies the access policy (access-policy.ts) to a route declared with `@Access(permission)`. Runs
 * after JwtAuthGuard (a global guard), so the caller is known:
 * 1. the role must hold the permission (403 AUTH.FORBIDDEN); a `service` writes only on the routes
 *    its token's scopes open (403 AUTH.SCOPE_MISSING);
 * 2. the token must carry the claim the role is scoped by (403 AUTH.CLAIM_MISSING);
 * 3. the client, alert, risk case, manager or branch in the path must be in the caller's scope — else the same
 *    404 an unknown one gets, so nobody learns what exists outside their scope. A relationship manager
 *    refused a client (or its alert, risk case or credit proposal) may still be on its team: only then is the
 *    client's team read, and its backup reads it (writes it while its manager is absent), a
 *    specialist reads it (standsIn, client-team-access.ts).
 * Lists get their scope from `@CurrentScope()` and filter in SQL; this guard only checks the claims.
 * A department's routes are judged by the department in the path: a product_department caller's
 * own only (another is a 404); that role reads no client, so it passes no client route at all.
 */
@Injectable()
export class ClientAccessGuard implements CanActivate {
  private readonly located: ClientLocator | null;
  private readonly declarations: RouteMetadata<AccessDeclaration | undefined>;

  /**
   * The read models and the store are optional so that a module serving only lists or feeds (the
   * alert feed, which tests also build without read models) can use the guard; a route that has
   * to look a client up in such a module is a wiring error, refused with a 500.
   */
  constructor(
    reflector: Reflector,
    @Optional() lists?: ClientListQueries,
    @Optional() alerts?: AlertQueries,
    @Optional() @Inject(READ_MODEL_STORE) readModels?: ReadModelStore,
    @Optional() @Inject(EVENT_STORE) store?: EventStore,
  ) {
    this.declarations = new RouteMetadata((targets) =>
      reflector.getAllAndOverride<AccessDeclaration | undefined>(ACCESS_RULE, targets),
    );
    this.located = lists && alerts && readModels && store ? new ClientLocator(lists, alerts, readModels, store) : null;
  }

  private get locator(): ClientLocator {
    if (this.located === null)
      throw new Error('ClientAccessGuard needs the read models and the event store to look clients up');
    return this.located;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const declaration = this.declarations.of(context);
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const principal = request.principal;
    // Deny by default: the guard is only ever applied together with a declaration, after JwtAuthGuard.
    if (declaration === undefined || principal === undefined) throw forbidden();
    const rule = permissionRule(declaration.permission);
    if (principal.role === 'service' && rule.mode === 'write') {
      // Another system writes by scope, route by route (service-scopes.ts), not by its role.
      const route = `${request.method ?? ''} ${request.routeOptions?.url ?? ''}`;
      if (!serviceMayWrite(principal, route)) throw scopeMissing(route);
    } else if (!roleMay(principal.role, declaration.permission)) throw forbidden();

    const id = request.params?.[declaration.param];
    if (rule.target === 'department') {
      if (typeof id === 'string') assertDepartmentInScope(principal, id);
      return true;
    }
    // A department's staff see no client and have no client scope: only routes about no client are theirs.
    if (principal.role === 'product_department') {
      if (rule.target !== 'none') throw forbidden();
      return true;
    }
    const scope = scopeOf(principal);
    // A read that names a position to read at (read-your-writes) may be ahead of the read model:
    // it is checked against the stream too, like a write, or a client assigned to the caller a
    // moment ago would still look like someone else's.
    const fromStream = rule.mode === 'write' || request.query?.minPosition !== undefined;

    switch (rule.target) {
      case 'client':
        if (scope.kind !== 'all' && typeof id === 'string' && UUID.test(id)) {
          await this.assertClient(scope, id.toLowerCase(), fromStream, rule.mode, NOT_FOUND.client);
        }
        return true;
      case 'alert':
        if (scope.kind !== 'all' && typeof id === 'string' && ALERT_ID_PATTERN.test(id)) {
          const location = await this.locator.alert(id, fromStream);
          // As for a client: a relationship manager on the client's team reads its alerts too.
          if (location !== null && !isInScope(scope, location) && scope.kind === 'manager') {
            const clientId = await this.locator.clientOfAlert(id);
            if (clientId !== null && (await this.standsInFor(clientId, scope.managerId, rule.mode))) return true;
          }
          assertClientInScope(scope, location, NOT_FOUND.alert);
        }
        return true;
      case 'risk-case':
      case 'credit-proposal': {
        // The id names its client (`<clientId>.<n>`), so nothing needs reading to know whose it is.
        const clientId = typeof id === 'string' ? parseClientScopedId(id)?.clientId : undefined;
        const notFound = rule.target === 'risk-case' ? NOT_FOUND.riskCase : NOT_FOUND.creditProposal;
        if (scope.kind !== 'all' && clientId !== undefined && UUID.test(clientId)) {
          await this.assertClient(scope, clientId.toLowerCase(), fromStream, rule.mode, notFound);
        }
        return true;
      }
      case 'manager':
      case 'manager-clients':
        if (scope.kind !== 'all' && typeof id === 'string' && CODE.test(id)) {
          const branch = scope.kind === 'branch' ? await this.locator.managerBranch(id) : null;
          // Only when the manager is of another branch: the branch's clients they still cover.
          const covers =
            rule.target === 'manager-clients' &&
            scope.kind === 'branch' &&
            branch !== null &&
            branch !== scope.branchId &&
            (await this.locator.managerCoversBranch(id, scope.branchId));
          assertManagerInScope(scope, id, branch, covers);
        }
        return true;
      case 'branch':
        if (typeof id === 'string' && CODE.test(id)) assertBranchInScope(scope, id);
        return true;
      case 'new-client': {
        // A body without a well-formed branchId is left to validation's 400.
        const branchId = (request.body as { branchId?: unknown } | null | undefined)?.branchId;
        if (typeof branchId === 'string') assertMayRegisterIn(principal, scope, branchId);
        return true;
      }
      case 'body-client': {
        // Checked on the stream, as writes are; a body without a well-formed id is left to validation's 400.
        const clientId = (request.body as Record<string, unknown> | null | undefined)?.[declaration.param];
        if (scope.kind !== 'all' && typeof clientId === 'string' && UUID.test(clientId)) {
          assertClientInScope(scope, await this.locator.client(clientId.toLowerCase(), true), NOT_FOUND.client);
        }
        return true;
      }
      case 'list':
      case 'none':
        return true;
    }
  }

  /**
   * The client in the caller's scope, else, for a relationship manager, on the client's team
   * (standsIn); else the 404 an unknown client gets. The team is read only on that deny path, from
   * the client's stream, and the managers' records only for a backup's write.
   */
  private async assertClient(
    scope: ClientScope,
    clientId: string,
    fromStream: boolean,
    mode: 'read' | 'write',
    notFound: () => ApiError,
  ): Promise<void> {
    const location = await this.locator.client(clientId, fromStream);
    if (location === null || isInScope(scope, location) || scope.kind !== 'manager') {
      assertClientInScope(scope, location, notFound);
      return;
    }
    if (!(await this.standsInFor(clientId, scope.managerId, mode))) throw notFound();
  }

  private async standsInFor(clientId: string, managerId: string, mode: 'read' | 'write'): Promise<boolean> {
    const found = await this.locator.team(clientId);
    if (found === null) return false;
    const { team, primaryManagerId } = found;
    const backupWrites = mode === 'write' && team.backupManagerId === managerId;
    const primary =
      backupWrites && primaryManagerId !== null ? await this.locator.managerStanding(primaryManagerId) : null;
    const caller = backupWrites ? await this.locator.managerStanding(managerId) : null;
    return standsIn({
      team,
      managerId,
      mode,
      callerActive: caller?.active ?? false,
      primaryAbsentUntil: primary?.absentUntil ?? null,
      // Wall-clock time, as CommandGateway stamps commands with: the API has no other clock.
      now: Date.now(),
    });
  }
}
