import type { ClientViewQueries } from '../client-view/client-view.queries';
import { ALL_CLIENTS, type ClientLocation, type ClientScope } from '@crm/policy';
import type { ReadModelStore } from '../store/read-model-store.port';
import type { BranchDashboard } from './branch-dashboard';
import { coveredSince, dashboardOfFigures } from './branch-dashboard';
import type { ClientSearch, ClientSearchItem, ClientSearchPage } from './client-search';
import { beyondIndexedPrefix, normaliseForSearch } from '../search/search-terms';
import { decodeSearchCursor, encodeSearchCursor, MAX_SEARCH_LIMIT, validSearchLimit } from './client-search';
import type { Portfolio } from './portfolio';
import { portfolioOf } from './portfolio';
import { uncoveredClientsOf, type UncoveredClients } from './uncovered-clients';

/**
 * What the API asks of the client lists: a manager's portfolio, a branch's dashboard and the
 * client search, from `client_view` and the branch aggregates (client read models, one checkpoint, so
 * read-your-writes is `waitForPosition` before any of them). Figures that depend on the clock
 * take the request's `now`.
 */
export class ClientListQueries {
  constructor(
    private readonly store: ReadModelStore,
    private readonly views: ClientViewQueries,
  ) {}

  /** True once the projection has committed `position`; false after `timeoutMs` (see ClientViewQueries). */
  waitForPosition(position: bigint, timeoutMs?: number): Promise<boolean> {
    return this.views.waitForPosition(position, timeoutMs);
  }

  /**
   * Empty (no clients, zero totals) for a manager who covers nobody or does not exist. Only the
   * clients within `scope` are read (a branch head sees the manager's clients of their branch).
   */
  async portfolio(managerId: string, now: Date, scope: ClientScope = ALL_CLIENTS): Promise<Portfolio> {
    return portfolioOf(managerId, await this.store.clientLists.portfolioRows(managerId, scope), now);
  }

  /**
   * All figures zero or null for a branch without clients or prospects (within `scope`). Read from
   * the aggregates the projector keeps per branch, so the cost does not grow with the branch.
   */
  async branchDashboard(branchId: string, now: Date, scope: ClientScope = ALL_CLIENTS): Promise<BranchDashboard> {
    return dashboardOfFigures(branchId, await this.store.branchFigures.figures(branchId, coveredSince(now), scope));
  }

  /** The branch's clients and prospects (within `scope`) that no active manager covers. */
  async uncoveredClients(branchId: string, scope: ClientScope = ALL_CLIENTS): Promise<UncoveredClients> {
    return uncoveredClientsOf(branchId, await this.store.clientLists.uncoveredRows(branchId, scope));
  }

  /** Branch and covering manager of a projected client (for access checks); null when not projected. */
  clientLocation(clientId: string): Promise<ClientLocation | null> {
    return this.store.clientLists.clientLocation(clientId);
  }

  /**
   * Throws InvalidQueryError (InvalidCursorError for `cursor`) for a limit outside 1…200 or a cursor
   * no page handed out. `search.scope` is a condition of the SQL, so every page holds up to `limit`
   * clients the caller may see and the cursor pages through exactly those.
   */
  async searchClients(search: ClientSearch): Promise<ClientSearchPage> {
    const limit = validSearchLimit(search.limit);
    const after = search.cursor === undefined ? '' : decodeSearchCursor(search.cursor);
    // One row more than asked tells whether another page exists without a COUNT.
    const rows =
      search.q !== undefined && beyondIndexedPrefix(search.q)
        ? await this.searchPastIndexedPrefix(search, search.q, after, limit + 1)
        : await this.store.clientLists.searchRows(search, after, limit + 1);
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? encodeSearchCursor(items[items.length - 1].id) : null };
  }

  /**
   * The index holds prefixes up to SEARCH_PREFIX_LENGTH characters: a longer `q` reads the clients
   * matching its indexed part, in pages, and keeps those whose (opened) name goes on matching.
   * Registration numbers are never that long, so past it only names match.
   */
  private async searchPastIndexedPrefix(
    search: ClientSearch,
    q: string,
    after: string,
    wanted: number,
  ): Promise<ClientSearchItem[]> {
    const prefix = normaliseForSearch(q);
    const found: ClientSearchItem[] = [];
    for (let cursor = after; found.length < wanted;) {
      const page = await this.store.clientLists.searchRows(search, cursor, MAX_SEARCH_LIMIT);
      found.push(...page.filter((item) => normaliseForSearch(item.legalName).startsWith(prefix)));
      if (page.length < MAX_SEARCH_LIMIT) break;
      cursor = page[page.length - 1].id;
    }
    return found.slice(0, wanted);
  }
}
