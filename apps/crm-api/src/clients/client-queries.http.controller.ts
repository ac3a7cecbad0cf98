import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { clientStreamId } from '@crm/domain';
import { EVENT_STORE, type EventStore } from '@crm/event-store';
import { Access, CurrentScope, MasksPersonalData, UuidParam } from '@crm/api-kit';
import { ApiError, APP_CONFIG, type AppConfig } from '@crm/platform';
import { loadRiskRules } from '@crm/risk';
import {
  ClientListQueries,
  ClientViewQueries,
  type ClientSearchPage,
  clientViewAsOf,
  withArrearsAt,
  withBalancesAt,
  type ArrearsReading,
  READ_MODEL_STORE,
  type ClientView,
  type ReadModelStore,
  type TimelinePage,
} from '@crm/read-models';
import type { ClientScope } from '@crm/policy';
import { ClientSearchQueryDto } from './dto/client-search.query.dto';
import { ClientViewQueryDto } from './dto/client-view.query.dto';
import { TimelineQueryDto } from './dto/timeline.query.dto';
import { ReadYourWrites } from '../queries/read-your-writes';
import { ApiReadResponse } from '../openapi/api-read-response';

const clientNotFound = () => new ApiError(404, 'CLIENT.NOT_FOUND', 'No such client.');

/**
 * The projection cannot know "now", so it keeps every open follow-up with its due date; which of
 * them are due is decided when the view is read (or as of the instant asked for).
 */
const withFollowUpsDueAt = (view: ClientView, at: Date): ClientView => ({
  ...view,
  contacts: {
    ...view.contacts,
    followUpsDue: view.contacts.openFollowUps.filter((followUp) => Date.parse(followUp.due) <= at.getTime()).length,
  },
});

@ApiTags('clients')
@ApiBearerAuth()
@Controller('clients')
export class ClientQueriesController {
  constructor(
    private readonly queries: ClientViewQueries,
    private readonly lists: ClientListQueries,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // The floors come from the same rules file as the risk monitor's, so the view and the alerts agree.
    this.arrears = {
      timeZone: config.bankTimeZone,
      floors: loadRiskRules(config.riskRulesFile).rules['EW-CLASS-FLOOR'],
    };
  }

  private readonly arrears: ArrearsReading;

  /**
   * Clients by manager, branch, tier, risk level or pending credit approval, or by name / registration-number prefix;
   * cursor-paged. Only the caller's clients (their scope is a condition of the SQL); for callers who
   * see registration numbers masked, `q` matches names only.
   */
  @ApiOperation({
    summary: "Search clients (name or registration-number prefix), within the caller's scope",
    description:
      "Clients by manager, branch, tier, risk level or a credit change waiting for approval (`creditApproval=pending`: the risk officers' queue), or by a case-insensitive name prefix or registration-number prefix (`q`); cursor-paged (`limit` 1–200, default 50; pass `nextCursor` as `cursor`). Only the caller's clients are searched (their scope is part of the query): a relationship manager's are those they cover, not those whose team they are on (a backup or specialist opens such a client by its id). For roles that see registration numbers masked, `q` matches names only. Every client returned is recorded in the read audit (with `X-Purpose` when sent). `minPosition` waits until the read models include that write (503 with Retry-After past the bound). Roles: relationship_manager, branch_head, risk_officer, service, admin, each within their scope: a relationship manager their own clients, a branch head their branch.",
  })
  @ApiReadResponse('ClientSearchPage', 'One page of the caller’s matching clients')
  @Access('client.search')
  @Get()
  async search(
    @Query() query: ClientSearchQueryDto,
    @CurrentScope() scope: ClientScope,
    @MasksPersonalData() masked: boolean,
  ): Promise<ClientSearchPage> {
    await this.readYourWrites.reach(query.minPosition);
    return this.lists.searchClients({
      scope,
      matchRegistrationNo: !masked,
      ...(query.managerId !== undefined ? { managerId: query.managerId } : {}),
      ...(query.branchId !== undefined ? { branchId: query.branchId } : {}),
      ...(query.tier !== undefined ? { tier: query.tier } : {}),
      ...(query.riskLevel !== undefined ? { riskLevel: query.riskLevel } : {}),
      ...(query.creditApproval !== undefined ? { creditApproval: query.creditApproval } : {}),
      ...(query.q !== undefined ? { q: query.q } : {}),
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
      limit: query.limit === undefined ? 50 : Number(query.limit),
    });
  }

  /** The single-window view; `asOf` folds the stream as it stood then, `minPosition` reads your writes. */
  @ApiOperation({
    summary: "The client's single-window view (client 360), now or as of a past instant",
    description:
      "The client's view: profile, manager, tier, credit (rating, classification, facilities with days past due counted at the time of reading, and the classification floor the arrears impose), risk flags, open alerts, products (with their latest reported balance), balances per currency (AUM = deposit and wealth holdings, loans outstanding = facilities drawn, total limits) now and at each of the last 12 bank month-ends, contacts with follow-ups due now, satisfaction, complaints, financials. `asOf` folds the client's events up to that instant instead; `minPosition` waits until the view includes that write (503 with Retry-After past the bound). Contact details and the registration number are masked for roles that see clients without personal data. The answer's `revision` is also its ETag, which If-Match takes on the client's commands. The read is recorded in the read audit (with `X-Purpose` when sent). Roles: relationship_manager, branch_head, risk_officer, service, admin, each within their scope: a relationship manager their own clients (and a client whose team they are on: `team`), a branch head their branch.",
  })
  @ApiReadResponse('ClientView', 'The client’s view, now or as of `asOf`', { etag: true })
  @Access('client.read')
  @Get(':id')
  async view(
    @Param('id', new UuidParam('id')) clientId: string,
    @Query() query: ClientViewQueryDto,
  ): Promise<ClientView> {
    if (query.asOf !== undefined) {
      const asOf = new Date(query.asOf);
      return this.readAt(await this.viewAsOf(clientId, asOf), asOf);
    }
    await this.readYourWrites.reach(query.minPosition);
    const view = await this.queries.getClientView(clientId);
    if (!view) throw clientNotFound();
    return this.readAt(view, new Date());
  }

  @ApiOperation({
    summary: "The client's timeline, newest first",
    description:
      "The client's events newest first, with ids, enums, dates and amounts but no free text; cursor-paged (`limit`, default 50; pass `nextCursor` as `cursor`). `minPosition` reads your writes. Recorded in the read audit. Roles: relationship_manager, branch_head, risk_officer, service, admin, each within their scope: a relationship manager their own clients, a branch head their branch.",
  })
  @ApiReadResponse('TimelinePage', 'One page of the client’s events, newest first')
  @Access('client.read')
  @Get(':id/timeline')
  async timeline(
    @Param('id', new UuidParam('id')) clientId: string,
    @Query() query: TimelineQueryDto,
  ): Promise<TimelinePage> {
    await this.readYourWrites.reach(query.minPosition);
    const page = await this.queries.getTimeline(clientId, {
      limit: query.limit === undefined ? 50 : Number(query.limit),
      ...(query.cursor !== undefined ? { before: query.cursor } : {}),
    });
    if (page.entries.length === 0 && query.cursor === undefined && !(await this.queries.getClientView(clientId))) {
      throw clientNotFound();
    }
    return page;
  }

  private readAt(view: ClientView, at: Date): ClientView {
    return withBalancesAt(withArrearsAt(withFollowUpsDueAt(view, at), at, this.arrears), at, this.arrears.timeZone);
  }

  private async viewAsOf(clientId: string, asOf: Date): Promise<ClientView> {
    const events = await this.store.readStream(clientStreamId(clientId));
    const view = clientViewAsOf(events, asOf);
    if (!view) throw clientNotFound();
    if (!view.manager) return view;
    const manager = await this.readModels.managers.getManager(view.manager.id);
    return manager ? { ...view, manager: { ...view.manager, name: manager.name } } : view;
  }
}
